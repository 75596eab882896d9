using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Notifications;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Alerts;

/// <summary>Unprotected Data Protection keys outside Development are reported to administrators once while the condition holds.</summary>
public sealed class KeyProtectionAlertTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await using var db = _database.CreateDbContext();
        await TestNotifications.AddPeopleAsync(db, _clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<List<OutboxMessage>> StartAsync(string environment, string? certificatePath)
    {
        var keys = new KeyProtection(Options.Create(new DataProtectionSettings { Certificate = new() { Path = certificatePath } }),
            new Environment(environment));
        var alert = new KeyProtectionAlert(keys, TestNotifications.Links(), _database, TestNotifications.Outbox(_clock), NullLogger<KeyProtectionAlert>.Instance);
        await alert.StartAsync(CancellationToken.None);
        await using var db = _database.CreateDbContext();
        return await TestNotifications.MessagesAsync(db, NotificationKind.KeysUnprotected);
    }

    [Fact]
    public async Task StartAsync_StagingWithoutCertificate_QueuesOneMessageToAdministrators()
    {
        // Act
        var messages = await StartAsync("Staging", null);

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal(TestNotifications.AdminEmail, message.ToAddress);
        Assert.Equal("Zoom secrets are not protected at rest", message.Subject);
        Assert.Contains(KeyProtection.CertificatePathSetting, message.TextBody);
    }

    [Fact]
    public async Task StartAsync_RestartedStillUnprotected_QueuesNothingMore()
    {
        // Arrange
        await StartAsync("Staging", null);

        // Act
        var messages = await StartAsync("Staging", null);

        // Assert
        Assert.Single(messages);
    }

    [Fact]
    public async Task StartAsync_ProtectedThenUnprotectedAgain_QueuesAgain()
    {
        // Arrange
        await StartAsync("Staging", null);
        await StartAsync("Staging", "/etc/portal/keys.pfx");

        // Act
        var messages = await StartAsync("Staging", null);

        // Assert
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task StartAsync_Development_QueuesNothing()
    {
        // Act
        var messages = await StartAsync("Development", null);

        // Assert
        Assert.Empty(messages);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Portal";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
