namespace Portal.Benchmarks;

/// <summary>
/// The benchmark suite: dotnet run -c Release --project Portal.Benchmarks -- [users|staff|webhooks] [options].
/// </summary>
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "webhooks":
                return await WebhookThroughput.RunAsync(args);
            case "staff":
                await Staff.StaffBenchmark.RunAsync(args.Skip(1).ToArray());
                return 0;
            case "users":
                return await UsersListingBenchmark.RunAsync(args.Skip(1).ToArray());
            default:
                await Console.Error.WriteLineAsync("Name a benchmark: users, staff or webhooks.");
                return 1;
        }
    }
}
