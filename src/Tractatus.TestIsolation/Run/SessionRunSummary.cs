using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.Run;

/// <summary>What one process of a test run created, removed and left behind; <see cref="ToString"/> is the one-line summary printed at the end.</summary>
/// <param name="SessionId">The session id (shared by every process of the run when <c>TRACTATUS_SESSION_ID</c> is set).</param>
/// <param name="ProcessId">The process this summary is about.</param>
/// <param name="DatabasesCreated">Session databases created in this process.</param>
/// <param name="DatabasesDropped">Of those, dropped again.</param>
/// <param name="DatabasesLeft">Where the databases that could not be dropped are (a later run sweeps them once their leases expire).</param>
/// <param name="StateDirectories">Session state folders opened through the run.</param>
/// <param name="StateDirectoriesRemoved">Of those, deleted at the end.</param>
/// <param name="Swept">Orphans of crashed runs that this process's sweeps removed.</param>
/// <param name="Warnings">Problems that did not fail a test (a sweep, heartbeat or drop that failed).</param>
public sealed record SessionRunSummary(
    string SessionId,
    int ProcessId,
    int DatabasesCreated,
    int DatabasesDropped,
    IReadOnlyList<string> DatabasesLeft,
    int StateDirectories,
    int StateDirectoriesRemoved,
    IReadOnlyList<string> Swept,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The text every summary line starts with.</summary>
    public const string LinePrefix = "Tractatus.TestIsolation: session ";

    /// <summary>
    /// One line such as <c>Tractatus.TestIsolation: session 0m5x2k9qzab3f7k (pid 4242): databases created 3, dropped 3, left 0; swept 1 orphan(s) of crashed runs</c>.
    /// </summary>
    public override string ToString()
    {
        var line = new StringBuilder(LinePrefix).Append(SessionId)
            .Append(CultureInfo.InvariantCulture, $" (pid {ProcessId}): databases created {DatabasesCreated}, dropped {DatabasesDropped}, left {DatabasesLeft.Count}");
        if (DatabasesLeft.Count > 0)
        {
            line.Append(" (").AppendJoin(", ", DatabasesLeft).Append("; a later run sweeps them once their leases expire)");
        }

        if (StateDirectories > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $"; state folders created {StateDirectories}, removed {StateDirectoriesRemoved}");
        }

        if (Swept.Count > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $"; swept {Swept.Count} orphan(s) of crashed runs");
        }

        if (Warnings.Count > 0)
        {
            line.Append("; warnings: ").AppendJoin(" | ", Warnings);
        }

        return line.ToString();
    }
}
