namespace Tractatus.TestIsolation.Benchmarks.Infrastructure;

/// <summary>
/// Collects markdown lines for one group, echoes them, and writes them to <c>&lt;out&gt;/&lt;name&gt;.md</c>
/// with the machine's load average at the start and the end (figures from a busy machine must say so).
/// </summary>
internal sealed class ResultWriter(BenchmarkOptions options, string name)
{
    private readonly List<string> _lines = [];
    private readonly string _loadAtStart = LoadAverage();

    public void Line(string text = "")
    {
        Console.WriteLine(text);
        _lines.Add(text);
    }

    public void Save()
    {
        Line();
        Line($"Load average (1/5/15 min) at start: {_loadAtStart}; at end: {LoadAverage()}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        var path = Path.Combine(options.OutputFolder, name + ".md");
        File.WriteAllLines(path, _lines);
        Console.WriteLine($"(written to {path})");
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
