namespace Portal.Benchmarks;

/// <summary>The headline figures of every benchmark run in this process, printed as one table by <c>all</c>.</summary>
internal static class Summary
{
    private static readonly List<(string Benchmark, string What, string Figure, string Target, bool Met)> Rows = [];

    public static void Add(string benchmark, string what, string figure, string target, bool met) =>
        Rows.Add((benchmark, what, figure, target, met));

    public static void Print(IReadOnlyList<(string Name, int ExitCode, TimeSpan Took)> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Summary ({TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()})");
        Console.WriteLine();
        Console.WriteLine("| Benchmark | What | Figure | Target | Met |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in Rows)
        {
            Console.WriteLine($"| {r.Benchmark} | {r.What} | {r.Figure} | {r.Target} | {(r.Met ? "yes" : "**no**")} |");
        }
        Console.WriteLine();
        Console.WriteLine(string.Join("; ", runs.Select(r => $"{r.Name}: exit {r.ExitCode} in {r.Took.TotalSeconds:N0} s")));
    }

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
