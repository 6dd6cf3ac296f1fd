using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>Runs the test cases through <see cref="SessionIsolationAssemblyRunner"/>.</summary>
internal sealed class SessionIsolationTestFrameworkExecutor : XunitTestFrameworkExecutor
{
    public SessionIsolationTestFrameworkExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : base(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
    }

    // xUnit v2's executor contract is a void method that reports through the message sink; async void is its own pattern here.
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        using var runner = new SessionIsolationAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
        await runner.RunAsync().ConfigureAwait(false);
    }
}
