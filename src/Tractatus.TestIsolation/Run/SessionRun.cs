namespace Tractatus.TestIsolation.Run;

/// <summary>
/// One test run in this process, independent of the test framework: it starts the run's <see cref="TestSession"/>
/// (the id from <c>TRACTATUS_SESSION_ID</c> when a wrapper set one) and makes it current, tracks every
/// <see cref="SessionDatabase"/> and state folder created, and at the end drops what is left, stops the heartbeats
/// and prints one summary line. The end runs exactly once, whichever comes first: <see cref="EndAsync"/>, process exit
/// or Ctrl+C (both best effort, a few seconds). Framework adapters call <see cref="Start"/> before the first test and
/// <see cref="EndAsync"/> after the last.
/// </summary>
public sealed class SessionRun : IAsyncDisposable
{
    private static readonly TimeSpan BestEffortTimeout = TimeSpan.FromSeconds(10);
    private static SessionRun? _active;

    private readonly SessionDatabaseRegistry _registry;
    private readonly TextWriter _output;
    private readonly Action<string>? _log;
    private readonly Lazy<Task<SessionRunSummary>> _end;

    internal SessionRun(TestSession session, SessionDatabaseRegistry registry, TextWriter output, Action<string>? log)
    {
        Session = session;
        _registry = registry;
        _output = output;
        _log = log;

        // Task.Run: the end must not depend on the caller's synchronization context (process exit blocks on it).
        _end = new Lazy<Task<SessionRunSummary>>(() => Task.Run(EndCoreAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The run in progress in this process (the last one started and not ended), or null.</summary>
    internal static SessionRun? Active => Volatile.Read(ref _active);

    /// <summary>The run's session; also <see cref="TestSession.Current"/> while the run lasts.</summary>
    public TestSession Session { get; }

    /// <summary>True once the end started (from any trigger).</summary>
    public bool IsEnding => _end.IsValueCreated;

    /// <summary>Starts a run: a session from <paramref name="options"/> made current, and the process exit and Ctrl+C hooks.</summary>
    /// <exception cref="InvalidOperationException">A <c>TRACTATUS_*</c> variable has an invalid value; the message names it.</exception>
    public static SessionRun Start(SessionRunOptions? options = null)
    {
        options ??= new SessionRunOptions();
        var session = TestSession.Start(options.Session ?? TestSessionOptions.FromEnvironment());
        var run = new SessionRun(session, SessionDatabaseRegistry.Shared, options.Output ?? ProcessStandardOutput(), options.Log);
        TestSession.SetCurrent(session);
        if (options.EndOnProcessExit)
        {
            AppDomain.CurrentDomain.ProcessExit += run.OnProcessExit;
            Console.CancelKeyPress += run.OnCancelKeyPress;
        }

        Volatile.Write(ref _active, run);
        run.Log($"Tractatus.TestIsolation: started {session}");
        return run;
    }

    /// <summary>
    /// Opens <c>&lt;root&gt;/sessions/&lt;session id&gt;/</c> for this run's own state (see <see cref="SessionStateDirectory.Open"/>);
    /// the run deletes it at the end.
    /// </summary>
    public SessionStateDirectory OpenStateDirectory(string root)
    {
        var directory = SessionStateDirectory.Open(root, Session);
        _registry.Add(directory);
        return directory;
    }

    /// <summary>
    /// Drops the databases still there, deletes the run's state folders, disposes providers handed over, and writes the
    /// summary line. Never throws for a resource that cannot be removed (it is reported in the summary). Later calls,
    /// and process exit, return the same result.
    /// </summary>
    public Task<SessionRunSummary> EndAsync() => _end.Value;

    /// <summary>Ends the run (see <see cref="EndAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);

    /// <summary>The same end, waited for at most a few seconds, never throwing: for process exit and Ctrl+C.</summary>
    internal void EndBestEffort()
    {
        try
        {
            _end.Value.Wait(BestEffortTimeout);
        }
#pragma warning disable CA1031 // The process is going away; nothing useful can be done with the error.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The process's own standard output, past any <see cref="Console.SetOut"/> of a test framework.</summary>
    private static TextWriter ProcessStandardOutput() =>
        new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };

    private void OnProcessExit(object? sender, EventArgs e) => EndBestEffort();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => EndBestEffort();

    private async Task<SessionRunSummary> EndCoreAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Console.CancelKeyPress -= OnCancelKeyPress;
        Interlocked.CompareExchange(ref _active, null, this);

        var summary = await _registry.TeardownAsync(Session).ConfigureAwait(false);
        var line = summary.ToString();
        Log(line);
        try
        {
            _output.WriteLine(line);
            _output.Flush();
        }
        catch (ObjectDisposedException)
        {
            // Standard output already closed at process exit.
        }

        return summary;
    }

    private void Log(string message)
    {
        try
        {
            _log?.Invoke(message);
        }
#pragma warning disable CA1031 // A runner that already shut its log down must not stop the run's end.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
