using System.Diagnostics;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Components.Pages.Dashboards;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;
using Xunit.Abstractions;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// The dashboards over a year of hourly snapshots for 20 connections (175,200 rows in a SQLite file), rendered on the server
/// (queries + component tree + MudBlazor charts): the median must stay under 200 ms.
/// </summary>
public sealed class DashboardRenderBenchmark(ITestOutputHelper output) : BunitContext, IAsyncLifetime
{
    private const int Connections = 20;
    private const int Hours = 365 * 24;
    private const long Gb = 1L << 30;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-usage-bench-{Guid.NewGuid():N}.db");
    private UsageHarness _h = default!;
    private readonly List<int> _ids = [];

    public async Task InitializeAsync()
    {
        _h = new UsageHarness(dataSource: _file);
        for (var c = 0; c < Connections; c++)
        {
            _ids.Add(await _h.AddConnectionAsync($"Center {c + 1:00}"));
        }
        var start = _h.Clock.Now.AddHours(-Hours + 1);
        await using (var db = _h.Db())
        {
            db.UsageSnapshots.AddRange(Enumerable.Range(0, Hours).Select(i =>
                UsageHarness.Snapshot(_ids[0], start.AddHours(i), 200, 120 + i / 200, 2048 * Gb, 400 * Gb + i * 150L * (1 << 20))));
            await db.SaveChangesAsync();
            var columns = db.Model.FindEntityType(typeof(UsageSnapshot))!.GetProperties()
                .Where(p => p.Name is not nameof(UsageSnapshot.Id) and not nameof(UsageSnapshot.ConnectionId))
                .Select(p => "\"" + p.GetColumnName() + "\"").ToList();
            var list = string.Join(", ", columns);
            await using var tx = await db.Database.BeginTransactionAsync();
            foreach (var id in _ids.Skip(1))
            {
#pragma warning disable EF1002 // column names come from the model, ids are ints
                await db.Database.ExecuteSqlRawAsync(
                    $"INSERT INTO \"UsageSnapshots\" (\"ConnectionId\", {list}) SELECT {id}, {list} FROM \"UsageSnapshots\" WHERE \"ConnectionId\" = {_ids[0]}");
#pragma warning restore EF1002
            }
            await tx.CommitAsync();
            Assert.Equal(Connections * Hours, await db.UsageSnapshots.CountAsync());
        }

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_h.Clock);
        Services.AddScoped(_ => _h.Dashboards());
        Services.AddSingleton(_h.Get<IJobRunner>());
        Services.AddSingleton(_h.Get<IOptions<UsageAlertOptions>>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _h.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public void Dashboard_YearOfHourlySnapshotsFor20Connections_MedianUnder200ms()
    {
        // Act
        var dashboard = Measure(() =>
        {
            var cut = Render<ConnectionDashboard>(p => p.Add(c => c.ConnectionId, _ids[7]));
            cut.WaitForAssertion(() => Assert.Contains("Center 08", cut.Find("h1").TextContent), TimeSpan.FromSeconds(30));
            Assert.NotNull(cut.Find("#history-panel svg"));
        });
        var overview = Measure(() =>
        {
            var cut = Render<DashboardsOverview>();
            cut.WaitForAssertion(() => Assert.Equal(Connections, cut.FindAll(".usage-card").Count), TimeSpan.FromSeconds(30));
        });

        // Assert
        var report = $"Dashboard (1 of {Connections} connections, {Connections * Hours:N0} hourly snapshots): median {dashboard.Median:0} ms, "
            + $"min {dashboard.Min:0} ms, max {dashboard.Max:0} ms; overview ({Connections} cards): median {overview.Median:0} ms, "
            + $"min {overview.Min:0} ms, max {overview.Max:0} ms";
        output.WriteLine(report);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "dashboard-benchmark.txt"), report + Environment.NewLine);
        Assert.True(dashboard.Median < 200, report);
        Assert.True(overview.Median < 200, report);
    }

    private static (double Median, double Min, double Max) Measure(Action render, int warmup = 2, int runs = 15)
    {
        for (var i = 0; i < warmup; i++)
        {
            render();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            render();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[runs / 2], times[0], times[^1]);
    }
}
