using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Connections;

/// <summary>Zoom:Connections is applied at start and again when configuration reloads, without a restart.</summary>
public sealed class ConfiguredConnectionsReloadTests
{
    [Fact]
    public async Task ConfigurationReload_NewConnectionEntry_AddedWithoutRestart()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>());
        _ = app.BaseUrl;
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();

        // Act
        configuration["Zoom:Connections:7:Name"] = "Reloaded center";
        configuration["Zoom:Connections:7:AccountId"] = "reloaded-account";
        configuration["Zoom:Connections:7:ClientId"] = "reloaded-client";
        configuration["Zoom:Connections:7:ClientSecret"] = "reloaded-secret";
        configuration.Reload();

        // Assert
        var added = await WaitForAsync(app, "reloaded-account", TimeSpan.FromSeconds(30));
        Assert.NotNull(added);
        Assert.True(added.ManagedByConfiguration);
        Assert.Equal("Reloaded center", added.Name);
    }

    private static async Task<ZoomConnection?> WaitForAsync(PortalAppFactory app, string accountId, TimeSpan timeout)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        for (var waited = TimeSpan.Zero; waited < timeout; waited += TimeSpan.FromMilliseconds(100))
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.ZoomConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        return null;
    }
}
