using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// Debian's nginx as a TLS-terminating reverse proxy in front of a portal: a child process on loopback with its own
/// configuration, certificate, pid, logs and temp folders, stopped on dispose. It has two entrances with the same
/// proxy settings (README's deployment example): <see cref="KnownUrl"/> reaches the portal from
/// <see cref="KnownProxyAddress"/>, to be configured as the portal's known proxy, and <see cref="UnknownUrl"/> from
/// <see cref="UnknownProxyAddress"/>, which the portal must not trust. Clients can connect from loopback addresses of
/// their choice (<see cref="CreateHandler"/>), so several distinct clients exist on one machine.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";
    public const string KnownProxyAddress = "127.0.0.2";
    public const string UnknownProxyAddress = "127.0.0.3";

    private readonly string _folder;
    private readonly Process _process;
    private readonly string _certificateHash;

    private NginxProxy(string folder, Process process, string certificateHash, int knownPort, int unknownPort)
    {
        _folder = folder;
        _process = process;
        _certificateHash = certificateHash;
        KnownUrl = $"https://127.0.0.1:{knownPort}";
        UnknownUrl = $"https://127.0.0.1:{unknownPort}";
    }

    /// <summary>The entrance whose connections to the portal come from <see cref="KnownProxyAddress"/>.</summary>
    public string KnownUrl { get; }

    /// <summary>The entrance whose connections to the portal come from <see cref="UnknownProxyAddress"/>.</summary>
    public string UnknownUrl { get; }

    /// <summary>Starts nginx in front of <paramref name="upstreamBaseUrl"/> (http://127.0.0.1:port) and waits until it listens.</summary>
    public static async Task<NginxProxy> StartAsync(string upstreamBaseUrl)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException(
                $"The reverse proxy tests need Debian's nginx at {NginxPath}: run 'apt-get update && apt-get install -y nginx' (as root), or 'bash .ci/run'.");
        }
        var upstream = new Uri(upstreamBaseUrl);
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("portal-nginx-").FullName;
            var hash = WriteCertificate(folder);
            int knownPort = FreePort(), unknownPort = FreePort();
            var configuration = Path.Combine(folder, "nginx.conf");
            await File.WriteAllTextAsync(configuration, Configuration(folder, knownPort, unknownPort));
            await File.WriteAllTextAsync(Path.Combine(folder, "portal.conf"), PortalLocation(upstream));
            var output = new StringBuilder();
            var process = Start(folder, configuration, output);
            try
            {
                await WaitUntilListeningAsync(process, folder, output, knownPort, unknownPort);
                return new NginxProxy(folder, process, hash, knownPort, unknownPort);
            }
            catch (InvalidOperationException) when (attempt < 3 && ErrorLog(folder).Contains("Address already in use", StringComparison.Ordinal))
            {
                process.Dispose();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// A client handler that connects from <paramref name="clientAddress"/> (any 127.x.y.z), trusts this proxy's
    /// certificate only, keeps cookies and does not follow redirects.
    /// </summary>
    public SocketsHttpHandler CreateHandler(string clientAddress) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _certificateHash,
        },
        ConnectCallback = (context, ct) => ConnectFromAsync(IPAddress.Parse(clientAddress), context.DnsEndPoint, ct),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Configuration(string folder, int knownPort, int unknownPort)
    {
        // As root, nginx switches its workers to the user named here; without it, to "nobody" of group "nobody", which Debian lacks.
        var user = Environment.UserName == "root" ? "user root;" : "";
        return $$"""
            {{user}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/client_body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              ssl_certificate {{folder}}/proxy.crt;
              ssl_certificate_key {{folder}}/proxy.key;
              map $http_upgrade $connection_upgrade { default upgrade; '' close; }
              server {
                listen 127.0.0.1:{{knownPort}} ssl;
                location / {
                  proxy_bind {{KnownProxyAddress}};
                  include {{folder}}/portal.conf;
                }
              }
              server {
                listen 127.0.0.1:{{unknownPort}} ssl;
                location / {
                  proxy_bind {{UnknownProxyAddress}};
                  include {{folder}}/portal.conf;
                }
              }
            }
            """;
    }

    // The location settings of README's deployment example, shared by both entrances.
    private static string PortalLocation(Uri upstream) => $$"""
            proxy_pass http://{{upstream.Authority}};
            proxy_http_version 1.1;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 120s;
            """;

    private static string WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "proxy.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "proxy.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString();
    }

    private static Process Start(string folder, string configuration, StringBuilder output)
    {
        var start = new ProcessStartInfo(NginxPath)
        {
            ArgumentList = { "-p", folder, "-c", configuration, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task WaitUntilListeningAsync(Process process, string folder, StringBuilder output, params int[] ports)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {output} {ErrorLog(folder)}");
            }
            if (await AllListeningAsync(ports))
            {
                return;
            }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"nginx did not listen within 60 s: {ErrorLog(folder)}");
    }

    private static async Task<bool> AllListeningAsync(int[] ports)
    {
        foreach (var port in ports)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }

    private static string ErrorLog(string folder)
    {
        var path = Path.Combine(folder, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no error log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress from, DnsEndPoint to, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(to, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
