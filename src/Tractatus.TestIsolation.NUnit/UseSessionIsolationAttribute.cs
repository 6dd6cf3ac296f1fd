using NUnit.Framework;
using NUnit.Framework.Interfaces;
using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.NUnit;

/// <summary>
/// Runs this test assembly as one <see cref="SessionRun"/>: apply once, <c>[assembly: UseSessionIsolation]</c>. Before the
/// first test the run's session starts and becomes current; after the last one whatever a fixture left is dropped, and
/// the summary line is written to standard output and to NUnit's progress output (shown by <c>dotnet test</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class UseSessionIsolationAttribute : Attribute, ITestAction
{
    private SessionRun? _run;

    /// <summary>Runs around the assembly's suite.</summary>
    public ActionTargets Targets => ActionTargets.Suite;

    /// <summary>Starts the run (called by NUnit before the assembly's first test).</summary>
    public void BeforeTest(ITest test) =>
        _run = SessionRun.Start(new SessionRunOptions { Output = TestContext.Progress });

    /// <summary>Ends the run (called by NUnit after the assembly's last test).</summary>
    public void AfterTest(ITest test) =>

        // NUnit's action hooks are synchronous; the end runs on the thread pool, so blocking here cannot deadlock.
        _run?.EndAsync().GetAwaiter().GetResult();
}
