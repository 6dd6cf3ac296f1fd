using Microsoft.VisualStudio.TestTools.UnitTesting;
using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.MSTest;

/// <summary>
/// Runs an MSTest assembly as one <see cref="SessionRun"/>. Call <see cref="StartRun"/> from the assembly's
/// <c>[AssemblyInitialize]</c> and <see cref="EndRunAsync"/> from its <c>[AssemblyCleanup]</c>; the summary line goes to
/// standard output (shown by <c>dotnet test --logger "console;verbosity=normal"</c> and kept in TRX files) and to the test context.
/// </summary>
public static class SessionIsolation
{
    /// <summary>Starts the run: its session becomes current for every test of the assembly.</summary>
    /// <param name="context">The context MSTest passes to <c>[AssemblyInitialize]</c>; the run's messages are written to it.</param>
    /// <exception cref="InvalidOperationException">A <c>TRACTATUS_*</c> variable has an invalid value; the message names it.</exception>
    public static SessionRun StartRun(TestContext? context = null) =>
        SessionRun.Start(new SessionRunOptions { Output = Console.Out, Log = context is null ? null : context.WriteLine });

    /// <summary>Ends the run started by <see cref="StartRun"/>: drops what fixtures left and writes the summary. Does nothing without a run.</summary>
    public static Task<SessionRunSummary?> EndRunAsync() =>
        SessionRun.Active is { } run ? EndAsync(run) : Task.FromResult<SessionRunSummary?>(null);

    private static async Task<SessionRunSummary?> EndAsync(SessionRun run) => await run.EndAsync().ConfigureAwait(false);
}
