using BenchmarkDotNet.Attributes;

namespace Tractatus.TestIsolation.Benchmarks.Generation;

/// <summary>
/// Cost per call of the per-session value generators, next to <c>Guid.NewGuid().ToString("N")</c> (the usual
/// hand-rolled alternative). Every call is recorded in the session's log of generated values, so the figures
/// include that record; a fresh session per iteration keeps the log from growing across iterations.
/// </summary>
[InvocationCount(65_536, 16)]
public class GenerationBenchmarks
{
    private TestSession _session = null!;

    [IterationSetup]
    public void StartSession() => _session = TestSession.Start();

    [Benchmark(Baseline = true, Description = "Guid.NewGuid().ToString(\"N\")")]
    public string Guid_() => Guid.NewGuid().ToString("N");

    [Benchmark(Description = "Slug(\"test-document-integration\")")]
    public string Slug() => _session.Slug("test-document-integration");

    [Benchmark(Description = "Unique(\"alice\")")]
    public string Unique() => _session.Unique("alice");

    [Benchmark(Description = "Email(\"a@example.com\")")]
    public string Email() => _session.Email("a@example.com");

    [Benchmark(Description = "DatabaseName(\"cms\")")]
    public string DatabaseName() => _session.DatabaseName("cms");
}
