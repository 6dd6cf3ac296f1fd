using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The items of a collection written in view: array and collection initializers, collection
/// expressions, <c>list.Add(item)</c> calls on a local, and the locals and read-only fields that
/// hold them. Used for <c>foreach (var code in new[] { "a", "b" })</c> and documents built in a loop.
/// </summary>
internal static class Elements
{
    private const int MaxDepth = 3;

    /// <summary>The collection a <c>foreach</c> variable iterates, when <paramref name="local"/> is one.</summary>
    public static IOperation? ForEachCollection(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1 ||
            local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ForEachStatementSyntax loop ||
            loop.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(loop.Expression, cancellationToken);
    }

    /// <summary>The items of <paramref name="collection"/>; empty when they are not all in view.</summary>
    public static IEnumerable<IOperation> Of(IOperation? collection, CancellationToken cancellationToken) =>
        Of(collection, cancellationToken, 0);

    private static IEnumerable<IOperation> Of(IOperation? collection, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(collection);
        if (operation is null || depth > MaxDepth)
        {
            yield break;
        }

        switch (operation)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    yield return element;
                }

                break;

            case IArrayInitializerOperation initializer:
                // string[] Tables = { "a", "b" }: the field's initializer binds to the element list itself.
                foreach (var element in initializer.ElementValues)
                {
                    yield return element;
                }

                break;
            case IObjectCreationOperation { Initializer: { } list }:
                foreach (var item in list.Initializers)
                {
                    if (item is IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        yield return add.Arguments[0].Value;
                    }
                }

                break;

            case ILocalReferenceOperation local:
                if (AssignedValues.Of(local, cancellationToken).Single is { } value)
                {
                    foreach (var element in Of(value, cancellationToken, depth + 1))
                    {
                        yield return element;
                    }

                    foreach (var write in LocalWrites.Of(local, cancellationToken))
                    {
                        if (write is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add)
                        {
                            yield return add.Arguments[0].Value;
                        }
                    }
                }

                break;

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                if (AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } held)
                {
                    foreach (var element in Of(held, cancellationToken, depth + 1))
                    {
                        yield return element;
                    }
                }

                break;

            default:
                if (operation.Kind.ToString() == "CollectionExpression")
                {
                    // [ "a", "b" ] (C# 12): its children are the elements.
                    foreach (var element in operation.ChildOperations)
                    {
                        yield return element;
                    }
                }

                break;
        }
    }
}
