using System.Net;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Sessions;

public sealed class JoinRateLimitTests
{
    [Fact]
    public async Task Join_MoreRequestsThanThePermitLimit_Answers429WithANeutralPage()
    {
        await using var factory = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Sessions:JoinRateLimit:PermitLimit"] = "3",
            ["Sessions:JoinRateLimit:Window"] = "00:05:00",
        });
        using var client = factory.CreatePortalClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/join/guess-{i}");
            statuses.Add(response.StatusCode);
        }
        using var limited = await client.GetAsync("/join/guess-5");
        var body = await limited.Content.ReadAsStringAsync();

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many attempts", body);
    }
}
