using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor.Services;
using Portal.Components.Pages.Dashboards;
using Portal.Core.Features.Usage;
using Portal.Tests.TestDoubles;
using Xunit.Abstractions;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// The dashboards over a year of hourly snapshots for 20 connections (175,200 rows in a SQLite file), rendered to HTML on the
/// server the way prerendering does (Blazor's HtmlRenderer: queries + component tree + MudBlazor charts), one scope per render.
/// </summary>
public sealed class DashboardRenderBenchmark(ITestOutputHelper output) : IAsyncLifetime
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
        _h.Services.AddMudServices();
        _h.Services.AddSingleton<IJSRuntime, NoJsRuntime>();
        _h.Services.AddSingleton<NavigationManager, StaticNavigationManager>();
        for (var c = 0; c < Connections; c++)
        {
            _ids.Add(await _h.AddConnectionAsync($"Center {c + 1:00}"));
        }
        var start = _h.Clock.Now.AddHours(-Hours + 1);
        await using var db = _h.Db();
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
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        Assert.Equal(Connections * Hours, await db.UsageSnapshots.CountAsync());
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Dashboard_YearOfHourlySnapshotsFor20Connections_MedianUnder200ms()
    {
        // Act
        var dashboard = await MeasureAsync(async () =>
        {
            var html = await RenderAsync<ConnectionDashboard>(new Dictionary<string, object?> { ["ConnectionId"] = _ids[7] });
            Assert.Contains("Center 08", html);
            Assert.Contains("history-panel", html);
        });
        var overview = await MeasureAsync(async () =>
        {
            var html = await RenderAsync<DashboardsOverview>([]);
            Assert.Contains("Center 20", html);
        });
        var queries = await MeasureAsync(() => _h.Dashboards().GetDashboardAsync(_ids[7]));
        var overviewQueries = await MeasureAsync(() => _h.Dashboards().GetOverviewAsync());

        // Assert
        var report = $"Server-side render over {Connections * Hours:N0} hourly snapshots ({Connections} connections, a year each), "
            + $"median of 15 (min-max): dashboard {dashboard.Median:0} ms ({dashboard.Min:0}-{dashboard.Max:0}), "
            + $"overview of {Connections} cards {overview.Median:0} ms ({overview.Min:0}-{overview.Max:0}); "
            + $"queries alone: dashboard {queries.Median:0} ms, overview {overviewQueries.Median:0} ms";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-benchmark.txt"), report + Environment.NewLine);
        Assert.True(dashboard.Median < 200, report);
    }

    private async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var scope = _h.Provider.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return root.ToHtmlString();
        });
    }

    private static async Task<(double Median, double Min, double Max)> MeasureAsync(Func<Task> render, int warmup = 2, int runs = 15)
    {
        for (var i = 0; i < warmup; i++)
        {
            await render();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await render();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[runs / 2], times[0], times[^1]);
    }

    private sealed class NoJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }

    private sealed class StaticNavigationManager : NavigationManager
    {
        public StaticNavigationManager() => Initialize("http://localhost/", "http://localhost/dashboards");
    }
}
