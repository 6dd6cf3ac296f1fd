using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// The xUnit v2 test framework that wraps a run in one <see cref="TestSession"/>: started and made current before
/// any test (a <see cref="Run.SessionRun"/>), session databases heartbeated while the run lasts, whatever is left dropped at the end (also on
/// process exit and Ctrl+C, best effort, once), and a one-line summary written to the diagnostic sink and stdout.
/// Select it with <c>[assembly: UseSessionIsolation]</c> or
/// <c>[assembly: TestFramework("Tractatus.TestIsolation.Xunit.SessionIsolationTestFramework", "Tractatus.TestIsolation.Xunit")]</c>.
/// </summary>
public sealed class SessionIsolationTestFramework : XunitTestFramework
{
    /// <summary>Called by xUnit.</summary>
    public SessionIsolationTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new SessionIsolationTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
