using Tractatus.TestIsolation.Tool.Running;

namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>Everything the end-of-run summary says.</summary>
/// <param name="SessionId">The run's session id.</param>
/// <param name="Command">The command as run, for people.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Outcome">How the command ended.</param>
/// <param name="Targets">Per target: created, dropped, left.</param>
internal sealed record RunReport(string SessionId, string Command, DateTimeOffset StartedAt, ChildOutcome Outcome, IReadOnlyList<TargetCleanup> Targets)
{
    /// <summary>Resources still there after the cleanup, on every target.</summary>
    public int LeftCount => Targets.Sum(t => t.Left.Count);
}
