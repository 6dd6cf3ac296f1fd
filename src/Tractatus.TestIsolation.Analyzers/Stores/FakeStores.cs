using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Calls that never reach a real store: inside an expression tree (Moq's <c>Setup</c>/<c>Verify</c>,
/// FakeItEasy's <c>A.CallTo</c>), on a mock (<c>mock.Object</c>, <c>Substitute.For&lt;T&gt;()</c>,
/// <c>A.Fake&lt;T&gt;()</c>), or configured/checked through NSubstitute (<c>.Returns</c>,
/// <c>.Received()</c>). Unit tests of repositories are full of these, and their literals are fine.
/// Mocking libraries are recognised by assembly name; the project does not reference them.
/// </summary>
internal static class FakeStores
{
    private static readonly ImmutableHashSet<string> MockingAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "Moq", "NSubstitute", "FakeItEasy", "JustMock", "Telerik.JustMock");

    private const int MaxDepth = 4;

    /// <summary>True when the call is only a mock setup, verification, or a call on a mock.</summary>
    public static bool IsFake(IInvocationOperation invocation, StoreSymbols symbols, CancellationToken cancellationToken)
    {
        var receiver = invocation.Instance ??
                       (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        return IsInsideExpressionTree(invocation, symbols) ||
               IsArgumentOfMockingCall(invocation) ||
               IsMock(receiver, cancellationToken, 0);
    }

    private static bool IsInsideExpressionTree(IOperation operation, StoreSymbols symbols)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                var conversion = lambda.Parent;
                while (conversion is IDelegateCreationOperation or IConversionOperation)
                {
                    if (StoreSymbols.IsDefinition(conversion.Type, symbols.Expression1))
                    {
                        return true;
                    }

                    conversion = conversion.Parent;
                }
            }
        }

        return false;
    }

    // client.GetDatabase("x").Returns(database)
    private static bool IsArgumentOfMockingCall(IOperation operation)
    {
        var current = operation.Parent;
        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation call } && IsMockingMethod(call.TargetMethod);
    }

    private static bool IsMock(IOperation? receiver, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(receiver);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IPropertyReferenceOperation property when IsMockingAssembly(property.Property.ContainingAssembly):
                return true; // mock.Object
            case IInvocationOperation call when IsMockingMethod(call.TargetMethod):
                return true; // Substitute.For<T>(), A.Fake<T>(), sub.Received()
            case IInvocationOperation call when call.Instance is not null:
                // mockClient.Object.GetDatabase("x").GetCollection<T>("c")
                return IsMock(call.Instance, cancellationToken, depth + 1);
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                var assigned = AssignedValues.OfAnyFile(operation, cancellationToken);
                foreach (var value in assigned.Values)
                {
                    if (IsMock(value, cancellationToken, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsMockingMethod(IMethodSymbol method) =>
        IsMockingAssembly(method.ContainingAssembly) || IsMockingAssembly(method.ReducedFrom?.ContainingAssembly);

    private static bool IsMockingAssembly(IAssemblySymbol? assembly) =>
        assembly is not null && MockingAssemblies.Contains(assembly.Name);
}
