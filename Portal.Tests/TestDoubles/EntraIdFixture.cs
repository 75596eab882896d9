namespace Portal.Tests.TestDoubles;

/// <summary>A fake Entra ID and a portal that signs in against it, shared by a test class.</summary>
public sealed class EntraIdFixture : IAsyncLifetime
{
    public const string TenantId = "5f0c8a8e-3d1b-4c7a-9e2f-1a2b3c4d5e6f";
    public const string ClientId = "0b9d4c3a-8e7f-4a1b-b2c3-d4e5f6a7b8c9";

    public FakeEntraId EntraId { get; private set; } = default!;
    public EntraIdPortalFactory Portal { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        EntraId = await FakeEntraId.StartAsync(TenantId, ClientId, clientSecret: "fake-entra-client-secret");
        Portal = new EntraIdPortalFactory(EntraId);
        _ = Portal.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await EntraId.DisposeAsync();
    }
}
