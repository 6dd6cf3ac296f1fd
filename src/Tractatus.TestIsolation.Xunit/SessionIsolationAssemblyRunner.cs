using Tractatus.TestIsolation.Run;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>Starts the run before the first test collection and ends it after the last one.</summary>
internal sealed class SessionIsolationAssemblyRunner : XunitTestAssemblyRunner
{
    private SessionRun? _run;

    public SessionIsolationAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : base(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
    }

    protected override async Task AfterTestAssemblyStartingAsync()
    {
        await base.AfterTestAssemblyStartingAsync().ConfigureAwait(false);

        // Through the aggregator: a bad TRACTATUS_* setting fails every test with its message instead of crashing the runner.
        await Aggregator.RunAsync(() =>
        {
            _run = XunitRunOutput.Start(DiagnosticMessageSink);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    protected override async Task BeforeTestAssemblyFinishedAsync()
    {
        if (_run is not null)
        {
            await _run.EndAsync().ConfigureAwait(false);
        }

        await base.BeforeTestAssemblyFinishedAsync().ConfigureAwait(false);
    }
}
