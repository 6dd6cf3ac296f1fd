using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.Run;

/// <summary>What one process of a test run created, removed and left behind; <see cref="ToString"/> is the one-line summary printed at the end.</summary>
public sealed record SessionRunSummary
{
    /// <summary>The text every summary line starts with.</summary>
    internal const string LinePrefix = "Tractatus.TestIsolation: session ";

    internal SessionRunSummary(
        string sessionId,
        int processId,
        int databasesCreated,
        int databasesDropped,
        IReadOnlyList<string> databasesLeft,
        int stateDirectories,
        int stateDirectoriesRemoved,
        IReadOnlyList<string> swept,
        IReadOnlyList<string> warnings)
    {
        SessionId = sessionId;
        ProcessId = processId;
        DatabasesCreated = databasesCreated;
        DatabasesDropped = databasesDropped;
        DatabasesLeft = databasesLeft;
        StateDirectories = stateDirectories;
        StateDirectoriesRemoved = stateDirectoriesRemoved;
        Swept = swept;
        Warnings = warnings;
    }

    /// <summary>The session id (shared by every process of the run when <c>TRACTATUS_SESSION_ID</c> is set).</summary>
    public string SessionId { get; }

    /// <summary>The process this summary is about.</summary>
    public int ProcessId { get; }

    /// <summary>Session databases created in this process.</summary>
    public int DatabasesCreated { get; }

    /// <summary>Of those, dropped again.</summary>
    public int DatabasesDropped { get; }

    /// <summary>Where the databases that could not be dropped are (a later run sweeps them once their leases expire).</summary>
    public IReadOnlyList<string> DatabasesLeft { get; }

    /// <summary>Session state folders opened through the run.</summary>
    public int StateDirectories { get; }

    /// <summary>Of those, deleted at the end.</summary>
    public int StateDirectoriesRemoved { get; }

    /// <summary>Orphans of crashed runs that this process's sweeps removed.</summary>
    public IReadOnlyList<string> Swept { get; }

    /// <summary>Problems that did not fail a test (a sweep, heartbeat or drop that failed).</summary>
    public IReadOnlyList<string> Warnings { get; }

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
