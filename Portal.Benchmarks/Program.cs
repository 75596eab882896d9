using System.Diagnostics;

namespace Portal.Benchmarks;

/// <summary>
/// The benchmark suite: dotnet run -c Release --project Portal.Benchmarks -- [all|users|sync|staff|webhooks|dashboard|pages|outcomes|reminders|digest|outbox] [options].
/// </summary>
internal static class BenchmarkMain
{
    private static readonly string[] All = ["users", "sync", "staff", "webhooks", "dashboard", "pages", "outcomes", "reminders", "digest", "outbox"];

    public static async Task<int> Main(string[] args)
    {
        var name = args.FirstOrDefault();
        if (name == "all")
        {
            var runs = new List<(string Name, int ExitCode, TimeSpan Took)>();
            foreach (var each in All)
            {
                Console.WriteLine($"== {each} ==");
                var watch = Stopwatch.StartNew();
                runs.Add((each, await RunAsync(each, []), watch.Elapsed));
                Console.WriteLine();
            }
            Summary.Print(runs);
            return runs.Any(r => r.ExitCode != 0) ? 1 : 0;
        }
        if (name is null || !All.Contains(name))
        {
            await Console.Error.WriteLineAsync("Name a benchmark: all, users, sync, staff, webhooks, dashboard, pages, outcomes, reminders, digest or outbox.");
            return 1;
        }
        return await RunAsync(name, args.Skip(1).ToArray());
    }

    private static async Task<int> RunAsync(string name, string[] args)
    {
        switch (name)
        {
            case "webhooks":
                return await WebhookThroughput.RunAsync(args);
            case "staff":
                await Staff.StaffBenchmark.RunAsync(args);
                return 0;
            case "users":
                return await UsersListingBenchmark.RunAsync(args);
            case "sync":
                return await Staff.FullSyncBenchmark.RunAsync(args);
            case "pages":
                return await PagesBenchmark.RunAsync(args);
            case "outcomes":
                return await OutcomesBenchmark.RunAsync(args);
            case "reminders":
                return await RemindersBenchmark.RunAsync(args);
            case "digest":
                return await DigestBenchmark.RunAsync(args);
            case "outbox":
                return await OutboxBenchmark.RunAsync(args);
            default:
                return await DashboardBenchmark.RunAsync(args);
        }
    }
}
