using Tractatus.TestIsolation.Run;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.V3;

/// <summary>
/// The whole test assembly as one <see cref="SessionRun"/>: apply <c>[assembly: AssemblyFixture(typeof(SessionIsolationRun))]</c>.
/// xUnit creates it before the first test and disposes it after the last: the run's session is current for every test,
/// whatever a fixture left is dropped, and the summary line is written to standard output and xUnit's diagnostic messages.
/// </summary>
public sealed class SessionIsolationRun : IAsyncLifetime
{
    private SessionRun? _run;

    /// <summary>The run's session.</summary>
    /// <exception cref="InvalidOperationException">Used before xUnit initialized the fixture.</exception>
    public TestSession Session => (_run ?? throw new InvalidOperationException("SessionIsolationRun is not initialized yet; use it as an assembly fixture.")).Session;

    /// <summary>Starts the run (called by xUnit).</summary>
    public ValueTask InitializeAsync()
    {
        _run = SessionRun.Start(new SessionRunOptions { Log = message => TestContext.Current?.SendDiagnosticMessage(message) });
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the run (called by xUnit).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.EndAsync().ConfigureAwait(false);
        }
    }
}
