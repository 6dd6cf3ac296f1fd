namespace Tractatus.TestIsolation.Benchmarks.Infrastructure;

/// <summary>Collects markdown lines for one group, echoes them, and writes them to <c>&lt;out&gt;/&lt;name&gt;.md</c>.</summary>
internal sealed class ResultWriter(BenchmarkOptions options, string name)
{
    private readonly List<string> _lines = [];

    public void Line(string text = "")
    {
        Console.WriteLine(text);
        _lines.Add(text);
    }

    public void Save()
    {
        var path = Path.Combine(options.OutputFolder, name + ".md");
        File.WriteAllLines(path, _lines);
        Console.WriteLine($"(written to {path})");
    }
}
