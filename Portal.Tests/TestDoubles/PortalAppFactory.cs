using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The real portal on Kestrel at a random loopback port, with its own database (<see cref="TestDatabase"/>: SQLite, or
/// PostgreSQL when the run selects it), the in-process Zoom sandbox and the development sign-in. Settings can be
/// overridden per test class.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    public PortalAppFactory() : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>For subclasses and tests that need other settings or environment (xunit fixtures use the parameterless one).</summary>
    protected PortalAppFactory(IDictionary<string, string?> settings, string environment = "Development")
        : this(settings, environment, database: null)
    {
    }

    /// <summary>On a database the caller owns (several instances on one database); the factory does not drop it.</summary>
    protected PortalAppFactory(IDictionary<string, string?> settings, string environment, TestDatabase? database)
    {
        Directory.CreateDirectory(_folder);
        Environment = environment;
        _ownsDatabase = database is null;
        Database = database ?? new TestDatabase();
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestDatabase.Provider,
            ["ConnectionStrings:Portal"] = Database.ConnectionString,
            ["HttpsRedirection"] = "false",
            ["Authentication:Mode"] = "Development",
            ["Zoom:Sandbox:Enabled"] = "true",
            ["Jobs:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // The development configuration provisions the sandbox connection; verifying it at start would add sandbox calls to every test.
            ["Zoom:VerifyConfiguredConnectionsOnStart"] = "false",
            ["Staff:SeedDemoRoster"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string Environment { get; }
    /// <summary>The portal's database (unless a test overrode ConnectionStrings:Portal).</summary>
    public TestDatabase Database { get; }

    /// <summary>The portal's clock: its services and the in-process sandbox read the time from it.</summary>
    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    /// <summary>A clock that replaces the system's for the whole portal (and so for its sandbox), set before the server starts.</summary>
    protected TimeProvider? OwnClock { get; set; }

    /// <summary>A scratch folder of this factory's own, deleted on dispose.</summary>
    public string Folder => _folder;

    /// <summary>Starts the server (idempotent) and returns its base URL without a trailing slash.</summary>
    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (OwnClock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>An HTTP client with its own cookie jar that does not follow redirects.</summary>
    public PortalHttpClient CreatePortalClient() => new(BaseUrl);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A portal with custom settings, created inside a test (not an xunit fixture).</summary>
public sealed class CustomPortalAppFactory : PortalAppFactory
{
    public CustomPortalAppFactory(IDictionary<string, string?> settings, string environment = "Development") : base(settings, environment)
    {
    }

    /// <summary>A portal whose services and sandbox all read the time from <paramref name="clock"/>.</summary>
    public CustomPortalAppFactory(IDictionary<string, string?> settings, TimeProvider clock) : base(settings)
    {
        OwnClock = clock;
    }

    /// <summary>One of several portal instances on one shared database (owned and disposed by the caller).</summary>
    public CustomPortalAppFactory(TestDatabase sharedDatabase, IDictionary<string, string?> settings, string environment = "Development")
        : base(settings, environment, sharedDatabase)
    {
    }
}
