using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The built portal (Portal.dll) in a process of its own, configured through environment variables, so a test can kill
/// it for real (SIGKILL) the way a crash or an out-of-memory kill would.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PortalProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts the portal in Development on a free loopback port with the given settings (keys as in appsettings.json).</summary>
    public static PortalProcess Start(IReadOnlyDictionary<string, string?> settings)
    {
        var portal = PortalDll();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(portal)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(portal);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = start };
        var portalProcess = new PortalProcess(process);
        process.OutputDataReceived += (_, e) => portalProcess.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portalProcess.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portalProcess;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // flushes the redirected output into Output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, no lease release.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    /// <summary>The portal built next to the tests (a referenced web project is copied with its runtime config), else in Portal/bin.</summary>
    private static string PortalDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Portal.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "Portal.runtimeconfig.json")))
        {
            return beside;
        }
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
        {
            folder = folder.Parent;
        }
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        var built = folder is null ? null : Path.Combine(folder.FullName, "Portal", "bin", configuration, "net10.0", "Portal.dll");
        return built is not null && File.Exists(built)
            ? built
            : throw new FileNotFoundException("Build the solution first: Portal.dll was found neither next to the tests nor in Portal/bin.");
    }
}
