using Portal.Benchmarks.Staff;

namespace Portal.Benchmarks;

/// <summary>Runnable benchmarks: <c>dotnet run -c Release --project Portal.Benchmarks -- staff [staffCount] [zoomUsers]</c>.</summary>
public static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        var which = args.FirstOrDefault() ?? "staff";
        switch (which)
        {
            case "staff":
                await StaffBenchmark.RunAsync(args.Skip(1).ToArray());
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Known: staff");
                return 1;
        }
    }
}
