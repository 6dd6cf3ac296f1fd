using System.ComponentModel;
using System.Diagnostics;
using Tractatus.TestIsolation.Tool.Cli;

namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>
/// Runs the command after <c>--</c> with the terminal's standard streams and extra environment variables, with the
/// tool's signals relayed to it (see <see cref="SignalRelay"/>). Whatever way it ends, control returns here so the
/// caller can clean up.
/// </summary>
internal static class ChildProcessRunner
{
    public static async Task<ChildOutcome> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, SignalRelay signals)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        var watch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // errno 2 (ENOENT): not found; 13 (EACCES) and others: found but not runnable. Windows: 2 and 3 are "not found".
            var notFound = ex.NativeErrorCode is 2 or 3;
            var message = notFound
                ? $"'{command[0]}' was not found. Check the command after -- (is it on PATH?)."
                : $"'{command[0]}' could not be started: {ex.Message}. Check that it is an executable file.";
            return new ChildOutcome(notFound ? ExitCodes.CommandNotFound : ExitCodes.CommandNotExecutable, false, watch.Elapsed, [], message);
        }

        signals.RelayTo(process);
        try
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            signals.RelayTo(null);
        }

        return new ChildOutcome(process.ExitCode, true, watch.Elapsed, signals.Received, null);
    }
}
