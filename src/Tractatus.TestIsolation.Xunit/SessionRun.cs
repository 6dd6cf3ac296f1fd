using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// One test run under <see cref="SessionIsolationTestFramework"/>: its session, and a teardown that runs exactly
/// once, whichever comes first: the end of the run, process exit, or Ctrl+C.
/// </summary>
internal sealed class SessionRun
{
    private static readonly TimeSpan BestEffortTimeout = TimeSpan.FromSeconds(10);
    private static SessionRun? _active;

    private readonly SessionDatabaseRegistry _registry;
    private readonly IMessageSink? _diagnostics;
    private readonly TextWriter _output;
    private readonly Lazy<Task<RunSummary>> _teardown;

    internal SessionRun(TestSession session, SessionDatabaseRegistry registry, IMessageSink? diagnostics, TextWriter output)
    {
        Session = session;
        _registry = registry;
        _diagnostics = diagnostics;
        _output = output;

        // Task.Run: the teardown must not depend on the caller's synchronization context (ProcessExit blocks on it).
        _teardown = new Lazy<Task<RunSummary>>(() => Task.Run(TeardownAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The run in progress in this process (the last one started), or null outside the framework hook.</summary>
    internal static SessionRun? Active => Volatile.Read(ref _active);

    internal TestSession Session { get; }

    /// <summary>True once the teardown started (from any trigger).</summary>
    internal bool IsEnding => _teardown.IsValueCreated;

    /// <summary>Starts the run's session, makes it current, and hooks process exit and Ctrl+C.</summary>
    internal static SessionRun Start(SessionDatabaseRegistry registry, IMessageSink? diagnostics, TextWriter? output = null, bool hookProcessEvents = true)
    {
        var session = TestSession.Start(TestSessionOptions.FromEnvironment());
        TestSession.SetCurrent(session);
        var run = new SessionRun(session, registry, diagnostics, output ?? Console.Out);
        if (hookProcessEvents)
        {
            AppDomain.CurrentDomain.ProcessExit += run.OnProcessExit;
            Console.CancelKeyPress += run.OnCancelKeyPress;
        }

        Volatile.Write(ref _active, run);
        run.Diagnostic($"Tractatus.TestIsolation: started {session}");
        return run;
    }

    /// <summary>Drops what is left and reports; later calls (and process exit) return the same result.</summary>
    internal Task<RunSummary> EndAsync() => _teardown.Value;

    /// <summary>The same teardown, waited for at most a few seconds, never throwing: for process exit and Ctrl+C.</summary>
    internal void EndBestEffort()
    {
        try
        {
            _teardown.Value.Wait(BestEffortTimeout);
        }
#pragma warning disable CA1031 // The process is going away; nothing useful can be done with the error.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => EndBestEffort();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => EndBestEffort();

    private async Task<RunSummary> TeardownAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Console.CancelKeyPress -= OnCancelKeyPress;

        var summary = await _registry.TeardownAsync(Session).ConfigureAwait(false);
        var line = summary.ToString();
        Diagnostic(line);
        try
        {
            _output.WriteLine(line);
            _output.Flush();
        }
        catch (ObjectDisposedException)
        {
            // stdout already closed at process exit.
        }

        return summary;
    }

    private void Diagnostic(string message)
    {
        try
        {
            _diagnostics?.OnMessage(new DiagnosticMessage(message));
        }
#pragma warning disable CA1031 // A runner that already shut its sink down must not stop the teardown.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
