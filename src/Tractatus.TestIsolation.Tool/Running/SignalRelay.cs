using System.Diagnostics;
using System.Runtime.InteropServices;
using Tractatus.TestIsolation.Tool.Cli;

namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>
/// Holds the tool's SIGINT, SIGTERM, SIGQUIT and SIGHUP handlers for the whole run, so no signal ends the tool before
/// it cleaned up. While the command runs, the first signal is passed on to it and a second kills its whole process
/// tree (the way CI runners escalate a cancellation); while the tool cleans up, signals are noted and the cleanup
/// finishes (it is bounded by the providers' timeouts).
/// </summary>
internal sealed class SignalRelay : IDisposable
{
    private readonly ToolConsole _console;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly List<string> _received = [];
    private Process? _child;

    private SignalRelay(ToolConsole console)
    {
        _console = console;
        Register(PosixSignal.SIGINT, "SIGINT", PosixSignalSender.SigInt);
        Register(PosixSignal.SIGTERM, "SIGTERM", PosixSignalSender.SigTerm);
        if (!OperatingSystem.IsWindows())
        {
            Register(PosixSignal.SIGQUIT, "SIGQUIT", PosixSignalSender.SigQuit);
            Register(PosixSignal.SIGHUP, "SIGHUP", PosixSignalSender.SigHup);
        }
    }

    /// <summary>Signals received so far, e.g. <c>SIGTERM</c>.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static SignalRelay Register(ToolConsole console) => new(console);

    /// <summary>From now on signals go to <paramref name="child"/>; null when it has exited.</summary>
    public void RelayTo(Process? child)
    {
        lock (_received)
        {
            _child = child;
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
        Process? child;
        int count;
        lock (_received)
        {
            _received.Add(name);
            count = _received.Count;
            child = _child;
        }

        if (child is null)
        {
            _console.WriteProgress($"{name} received: finishing the cleanup first.");
            return;
        }

        try
        {
            if (count == 1)
            {
                _console.WriteProgress($"{name} received: passing it on to the command, then cleaning up (send another signal to kill the command at once).");
                if (!PosixSignalSender.TrySend(child.Id, number) && OperatingSystem.IsWindows() && name != "SIGINT")
                {
                    // Windows has no signals to pass on (Ctrl+C already reached the command through the console).
                    child.Kill(entireProcessTree: true);
                }
            }
            else
            {
                _console.WriteProgress($"{name} received again: killing the command and everything it started, then cleaning up.");
                child.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // The command already exited.
        }
    }
}
