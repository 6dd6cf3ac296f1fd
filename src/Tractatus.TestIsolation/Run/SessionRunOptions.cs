namespace Tractatus.TestIsolation.Run;

/// <summary>How <see cref="SessionRun.Start"/> starts a run and where it reports.</summary>
public sealed record SessionRunOptions
{
    /// <summary>Session settings. Default: <see cref="TestSessionOptions.FromEnvironment()"/> (so <c>TRACTATUS_SESSION_ID</c> is honoured).</summary>
    public TestSessionOptions? Session { get; init; }

    /// <summary>Where the summary line is written at the end. Default: standard output.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>
    /// Also receives the start message and the summary line, e.g. a framework's diagnostic log. Exceptions it
    /// throws are ignored (a runner may have shut its log down already).
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>Ends the run (best effort, a few seconds) on process exit and Ctrl+C if it has not ended yet. Default true.</summary>
    public bool EndOnProcessExit { get; init; } = true;
}
