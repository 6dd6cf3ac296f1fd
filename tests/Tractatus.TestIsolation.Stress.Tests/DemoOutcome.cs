using DemoRunner;

namespace Tractatus.TestIsolation.Stress.Tests;

/// <summary>
/// The runner's JSON output. Each phase is the runner's own <see cref="PhaseResult"/>, linked from
/// samples/DemoRunner, so the tests read exactly what the runner writes.
/// </summary>
public sealed record DemoOutcome(PhaseResult? Naive, PhaseResult? Isolated);
