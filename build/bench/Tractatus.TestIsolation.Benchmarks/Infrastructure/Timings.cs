using System.Diagnostics;
using System.Globalization;

namespace Tractatus.TestIsolation.Benchmarks.Infrastructure;

/// <summary>Whole-operation timings (milliseconds) and their order statistics.</summary>
internal sealed class Timings(string name)
{
    private readonly List<double> _values = [];

    public string Name { get; } = name;

    public int Count => _values.Count;

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public void Add(TimeSpan elapsed) => _values.Add(elapsed.TotalMilliseconds);

    public double Median => Percentile(0.5);

    public double Min => _values.Min();

    public double Max => _values.Max();

    public double Mean => _values.Average();

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        var sorted = _values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        if (p == 0.5 && sorted.Length % 2 == 0)
        {
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Count} | {Median:0.0} | {Percentile(0.9):0.0} | {Min:0.0} | {Max:0.0} |");

    public static string Header => "| Case | Runs | Median (ms) | p90 (ms) | Min (ms) | Max (ms) |\n|---|---:|---:|---:|---:|---:|";

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start);
    }
}
