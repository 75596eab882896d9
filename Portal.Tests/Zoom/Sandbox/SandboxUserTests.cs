using System.Net;
using System.Text.Json;

namespace Portal.Tests.Zoom.Sandbox;

public sealed class SandboxUserTests : IClassFixture<SandboxHost>
{
    private readonly SandboxHost _host;

    public SandboxUserTests(SandboxHost host) => _host = host;

    [Fact]
    public async Task ListUsers_PageSizeAbove300_ClampsAndPages()
    {
        using var client = await _host.CreateApiClientAsync();

        using var response = await client.GetAsync("users?status=active&page_size=5000");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(300, json.GetProperty("page_size").GetInt32());
        Assert.True(json.GetProperty("total_records").GetInt32() > 200);
    }
}
