using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// Runs this test assembly under <see cref="SessionIsolationTestFramework"/>: one <see cref="TestSession"/> for
/// the whole run, teardown of every session database left at the end (and on process exit or Ctrl+C), and a
/// one-line summary. Apply once: <c>[assembly: UseSessionIsolation]</c>. Equivalent to
/// <c>[assembly: TestFramework("Tractatus.TestIsolation.Xunit.SessionIsolationTestFramework", "Tractatus.TestIsolation.Xunit")]</c>.
/// </summary>
[TestFrameworkDiscoverer("Tractatus.TestIsolation.Xunit.SessionIsolationTestFrameworkTypeDiscoverer", "Tractatus.TestIsolation.Xunit")]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class UseSessionIsolationAttribute : Attribute, ITestFrameworkAttribute
{
}
