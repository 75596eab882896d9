using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>Over HTTP: a staff record bound to another Entra object id gives its recordings to nobody who only shares the e-mail.</summary>
public sealed class RecordingsIdentityTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task FileStream_SignInSharingOnlyTheEmailOfABoundRecord_404()
    {
        // Arrange: Terry's record belongs to another Entra sign-in; the development "teacher" has Terry's e-mail only.
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var today = DateOnly.FromDateTime(factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        RecordingItem recording;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(factory, "director"))
        {
            var owner = new List<RecordingItem>();
            await foreach (var month in scope.ServiceProvider.GetRequiredService<IRecordingService>().ListByMonthAsync(seeded.TerryId, today.AddDays(-60), today))
            {
                owner.AddRange(month.Recordings);
            }
            recording = owner.First(r => r.Files.Count > 0);
        }
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.StaffMembers.Where(s => s.Id == seeded.TerryId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ObjectId, "someone-else"));
        }
        var url = Portal.Components.Pages.Recordings.RecordingsEndpoints.FileUrl(recording, recording.Files[0]).TrimStart('/');
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("teacher");

        // Act
        using var response = await client.GetAsync(url);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
