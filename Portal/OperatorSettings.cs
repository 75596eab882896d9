using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Portal;

public static class OperatorSettings
{
    /// <summary>
    /// The operator's appsettings.json sits at the repository top and is copied beside the binaries. Under
    /// `dotnet run` the content root is the project folder, so read the copy from the output folder, at the
    /// place the default appsettings.json has (before appsettings.{Environment}.json and environment variables).
    /// </summary>
    public static void AddOperatorSettings(this WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))
            || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            return;
        }
        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        sources.Insert(index + 1, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Optional = true,
            ReloadOnChange = true,
        });
    }
}
