using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Tractatus.TestIsolation.Tool.Cli;

namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>
/// Runs the command after <c>--</c> with the terminal's standard streams and extra environment variables.
/// While it runs, SIGINT, SIGTERM, SIGQUIT and SIGHUP sent to the tool are passed on to it (and do not end the
/// tool, which must still clean up); a second signal kills its whole process tree, the way CI runners escalate
/// a cancellation. Whatever way it ends, control returns here so the caller can clean up.
/// </summary>
internal static class ChildProcessRunner
{
    public static async Task<ChildOutcome> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, ToolConsole console)
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

        var signals = new List<string>();
        using var process = new Process { StartInfo = info };
        var watch = Stopwatch.StartNew();
        using var forwarding = new SignalForwarding(process, signals, console);
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

        forwarding.Attach();
        await process.WaitForExitAsync().ConfigureAwait(false);
        watch.Stop();
        lock (signals)
        {
            return new ChildOutcome(process.ExitCode, true, watch.Elapsed, [.. signals], null);
        }
    }

    /// <summary>Holds the tool's signal handlers for as long as the command runs.</summary>
    private sealed class SignalForwarding : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _signals;
        private readonly ToolConsole _console;
        private readonly List<PosixSignalRegistration> _registrations = [];
        private bool _attached;

        public SignalForwarding(Process process, List<string> signals, ToolConsole console)
        {
            _process = process;
            _signals = signals;
            _console = console;

            // Registered before the start, so a signal that arrives in between cannot end the tool before it cleans up.
            Register(PosixSignal.SIGINT, "SIGINT", PosixSignalSender.SigInt);
            Register(PosixSignal.SIGTERM, "SIGTERM", PosixSignalSender.SigTerm);
            if (!OperatingSystem.IsWindows())
            {
                Register(PosixSignal.SIGQUIT, "SIGQUIT", PosixSignalSender.SigQuit);
                Register(PosixSignal.SIGHUP, "SIGHUP", PosixSignalSender.SigHup);
            }
        }

        public void Attach()
        {
            lock (_signals)
            {
                _attached = true;
            }
        }

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }
        }

        private void Register(PosixSignal signal, string name, int number) =>
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // The tool keeps running: it must wait for the command and then clean up.
                context.Cancel = true;
                OnSignal(name, number);
            }));

        private void OnSignal(string name, int number)
        {
            int count;
            lock (_signals)
            {
                _signals.Add(name);
                count = _signals.Count;
                if (!_attached)
                {
                    return;
                }
            }

            try
            {
                if (count == 1)
                {
                    _console.WriteProgress($"{name} received: passing it on to the command, then cleaning up (send another signal to kill the command at once).");
                    if (!PosixSignalSender.TrySend(_process.Id, number) && OperatingSystem.IsWindows() && name != "SIGINT")
                    {
                        // Windows has no signals to pass on (Ctrl+C already reached the command through the console).
                        _process.Kill(entireProcessTree: true);
                    }
                }
                else
                {
                    _console.WriteProgress($"{name} received again: killing the command and everything it started, then cleaning up.");
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // The command already exited.
            }
        }
    }
}
