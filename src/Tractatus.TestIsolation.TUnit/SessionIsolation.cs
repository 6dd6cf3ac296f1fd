using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.TUnit;

/// <summary>
/// Runs a TUnit test session as one <see cref="SessionRun"/>. Call <see cref="StartRun"/> from a <c>[Before(TestSession)]</c>
/// hook and <see cref="EndRunAsync"/> from an <c>[After(TestSession)]</c> hook. The summary line goes straight to the
/// process's standard output: TUnit captures <see cref="Console.Out"/> per test and hook, which would hide it.
/// </summary>
public static class SessionIsolation
{
    /// <summary>Starts the run: its session becomes current for every test.</summary>
    /// <exception cref="InvalidOperationException">A <c>TRACTATUS_*</c> variable has an invalid value; the message names it.</exception>
    public static SessionRun StartRun() =>
        SessionRun.Start(new SessionRunOptions { Output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true } });

    /// <summary>Ends the run started by <see cref="StartRun"/>: drops what fixtures left and writes the summary. Does nothing without a run.</summary>
    public static Task<SessionRunSummary?> EndRunAsync() =>
        SessionRun.Active is { } run ? EndAsync(run) : Task.FromResult<SessionRunSummary?>(null);

    private static async Task<SessionRunSummary?> EndAsync(SessionRun run) => await run.EndAsync().ConfigureAwait(false);
}
