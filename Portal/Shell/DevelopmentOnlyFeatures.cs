using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Core.Zoom;

namespace Portal.Shell;

/// <summary>
/// The development sign-in and the Zoom sandbox exist for a developer's machine. In any other environment (Staging,
/// Production, a typo) the portal refuses to start, naming every such setting at once, before it writes or serves anything.
/// </summary>
public static class DevelopmentOnlyFeatures
{
    public static void RefuseOutsideDevelopment(WebApplication app)
    {
        var environment = app.Environment;
        if (environment.IsDevelopment())
        {
            return;
        }
        var refusals = new List<string>();
        if (app.Services.GetRequiredService<SignInMode>().IsDevelopment)
        {
            var setting = string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value.Mode)
                ? "set AzureAd:ClientId (with AzureAd:TenantId and a credential) to sign in with Entra ID"
                : "set Authentication:Mode to AzureAd and configure the AzureAd section";
            refusals.Add($"The development sign-in runs only in the Development environment (this is '{environment.EnvironmentName}'): {setting}.");
        }
        if (app.Services.GetRequiredService<IOptions<ZoomOptions>>().Value.Sandbox.Enabled)
        {
            refusals.Add($"The Zoom sandbox runs only in the Development environment (this is '{environment.EnvironmentName}'): set Zoom:Sandbox:Enabled to false.");
        }
        if (refusals.Count > 0)
        {
            throw new StartupRefusedException(string.Join(" ", refusals));
        }
    }
}
