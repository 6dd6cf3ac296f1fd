using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// What an unknown part of a text is, which decides whether the store it names is shared:
/// a per-run value (<c>Guid.NewGuid()</c>), a per-run server's connection string (Testcontainers
/// without <c>WithReuse(true)</c>, Mongo2Go, EphemeralMongo), configuration (environment variables,
/// <c>IConfiguration</c>: the same for every run on a machine), or plain unknown.
/// </summary>
internal static class HoleKinds
{
    private const int MaxDepth = 3;

    /// <summary>The hole character for the unknown value <paramref name="operation"/>.</summary>
    public static char Of(IOperation operation, CancellationToken cancellationToken)
    {
        var kind = FlowText.Hole;
        foreach (var part in operation.DescendantsAndSelf())
        {
            switch (part)
            {
                case IInvocationOperation invocation when RunUniqueValues.IsRunUniqueCall(invocation.TargetMethod) || IsSessionType(invocation.TargetMethod.ContainingType):
                    return FlowText.RunUniqueHole;
                case IPropertyReferenceOperation property when IsSessionType(property.Property.ContainingType) ||
                                                               (property.Property.Name == "ProcessId" && Namespaces.Is(property.Property.ContainingType, "System", "Environment")):
                    return FlowText.RunUniqueHole;
                case IInvocationOperation invocation when IsPerRunServerAssembly(invocation.TargetMethod.ContainingAssembly):
                    kind = IsReused(invocation.Instance, cancellationToken, 0) ? FlowText.ConfiguredHole : FlowText.PerRunServerHole;
                    break;
                case IPropertyReferenceOperation property when IsPerRunServerAssembly(property.Property.ContainingAssembly):
                    kind = IsReused(property.Instance, cancellationToken, 0) ? FlowText.ConfiguredHole : FlowText.PerRunServerHole;
                    break;
                case IInvocationOperation invocation when kind == FlowText.Hole && IsConfigurationRead(invocation.TargetMethod):
                    kind = FlowText.ConfiguredHole;
                    break;
                case IPropertyReferenceOperation { Arguments.Length: 1 } indexer when kind == FlowText.Hole && IsConfigurationType(indexer.Property.ContainingType):
                    kind = FlowText.ConfiguredHole;
                    break;
            }
        }

        return kind;
    }

    // The session's own values and folders (TestSession, SessionStateDirectory) differ in every run.
    private static bool IsSessionType(INamedTypeSymbol? type) =>
        type is { Name: "TestSession" or "SessionStateDirectory" } && Namespaces.IsDeclaredIn(type, "Tractatus.TestIsolation");

    /// <summary>
    /// True for Testcontainers, Mongo2Go, EphemeralMongo and Aspire's testing host
    /// (<c>app.GetConnectionStringAsync("db")</c> of a <c>DistributedApplicationTestingBuilder</c> app): each run
    /// starts its own server.
    /// </summary>
    public static bool IsPerRunServerAssembly(IAssemblySymbol? assembly) =>
        assembly is not null &&
        (assembly.Name.StartsWith("Testcontainers", StringComparison.OrdinalIgnoreCase) ||
         assembly.Name.Equals("Aspire.Hosting.Testing", StringComparison.OrdinalIgnoreCase) ||
         assembly.Name.StartsWith("Mongo2Go", StringComparison.OrdinalIgnoreCase) ||
         assembly.Name.StartsWith("EphemeralMongo", StringComparison.OrdinalIgnoreCase));

    private static bool IsConfigurationRead(IMethodSymbol method) =>
        (method.Name is "GetEnvironmentVariable" && method.ContainingType?.SpecialType == SpecialType.None && method.ContainingType.Name == "Environment") ||
        (method.Name is "GetConnectionString" or "GetValue" or "GetSection" && IsConfigurationType(method.ContainingType));

    private static bool IsConfigurationType(INamedTypeSymbol? type) =>
        Namespaces.IsDeclaredIn(type, "Microsoft.Extensions.Configuration");

    // new PostgreSqlBuilder().WithReuse(true).Build(), held by a field or local: shared across runs.
    private static bool IsReused(IOperation? container, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(container);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        if (operation is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
        {
            foreach (var value in AssignedValues.OfAnyFile(operation, cancellationToken).Values)
            {
                if (IsReused(value, cancellationToken, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var part in operation.DescendantsAndSelf())
        {
            if (part is IInvocationOperation { TargetMethod.Name: "WithReuse" } reuse &&
                (reuse.Arguments.Length == 0 || reuse.Arguments[0].Value.ConstantValue is { HasValue: true, Value: true }))
            {
                return true;
            }
        }

        return false;
    }
}
