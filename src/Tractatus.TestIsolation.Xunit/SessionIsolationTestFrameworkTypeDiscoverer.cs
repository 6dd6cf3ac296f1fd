using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>Tells xUnit that <see cref="UseSessionIsolationAttribute"/> selects <see cref="SessionIsolationTestFramework"/>.</summary>
public sealed class SessionIsolationTestFrameworkTypeDiscoverer : ITestFrameworkTypeDiscoverer
{
    /// <inheritdoc />
    public Type GetTestFrameworkType(IAttributeInfo attribute) => typeof(SessionIsolationTestFramework);
}
