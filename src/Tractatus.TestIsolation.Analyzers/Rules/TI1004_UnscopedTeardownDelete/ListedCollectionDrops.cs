using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// <c>DropCollection(name)</c> of every name <c>ListCollectionNames()</c> / <c>ListCollectionNamesAsync()</c>
/// returned: <c>foreach (var name in db.ListCollectionNames().ToList())</c>, a cursor's
/// <c>Current</c>, or a lambda passed along the listing (<c>ForEachAsync(name =&gt; ...)</c>). The
/// name is unknown, but whichever collection it is goes, so a fixed database loses everything.
/// </summary>
internal static class ListedCollectionDrops
{
    // Locals followed back to their value: the list, the cursor, the awaited task.
    private const int MaxDepth = 3;

    /// <summary>
    /// The database whose collection list the dropped name comes from, or <c>null</c> (also when the
    /// names are filtered by anything but constants: <c>n.StartsWith(runPrefix)</c> keeps to this run's own).
    /// </summary>
    public static IOperation? ListedDatabase(IOperation drop, IOperation? droppedName, StoreSymbols symbols, CancellationToken cancellationToken)
    {
        switch (FlowEngine.Unwrap(droppedName))
        {
            case ILocalReferenceOperation local:
                // foreach (var name in <listing>)
                for (var parent = local.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IForEachLoopOperation loop &&
                        (loop.Locals.Contains(local.Local) ||
                         (loop.LoopControlVariable is IVariableDeclaratorOperation declared && SymbolEqualityComparer.Default.Equals(declared.Symbol, local.Local))))
                    {
                        return GuardedOnlyByConstants(drop, loop) && FilteredOnlyByConstants(loop.Collection)
                            ? Listing(loop.Collection, symbols, cancellationToken, 0)
                            : null;
                    }
                }

                return null;

            case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol }:
                // (await db.ListCollectionNamesAsync()).ForEachAsync(name => db.DropCollectionAsync(name))
                for (var parent = drop.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, lambdaSymbol))
                    {
                        var call = lambda.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
                        var source = call?.Instance ?? (call is { Arguments.Length: > 1 } ? call.Arguments[0].Value : null);
                        return GuardedOnlyByConstants(drop, lambda) && FilteredOnlyByConstants(source)
                            ? Listing(source, symbols, cancellationToken, 0)
                            : null;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    // The ListCollectionNames(Async) call in or behind an expression (ToList(), await, cursor.Current, a local holding it).
    private static IOperation? Listing(IOperation? source, StoreSymbols symbols, CancellationToken cancellationToken, int depth)
    {
        if (source is null || depth > MaxDepth)
        {
            return null;
        }

        foreach (var operation in source.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "ListCollectionNames" or "ListCollectionNamesAsync", Instance: { } database } listing &&
                symbols.IsMongoDatabaseMethod(listing.TargetMethod))
            {
                // ListCollectionNamesOptions { Filter = ... } with a run's prefix lists only the run's own.
                return OptionsOnlyConstants(listing) ? database : null;
            }
        }

        foreach (var operation in source.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation local &&
                Listing(AssignedValues.Of(local, cancellationToken).Single, symbols, cancellationToken, depth + 1) is { } database)
            {
                return database;
            }
        }

        return null;
    }

    // if (!name.StartsWith("system.")) is still every collection of the run's and others'; if (name.StartsWith(_prefix)) is not.
    private static bool GuardedOnlyByConstants(IOperation drop, IOperation scope)
    {
        for (var parent = drop.Parent; parent is not null && parent != scope; parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && !OnlyConstants(conditional.Condition))
            {
                return false;
            }
        }

        return true;
    }

    // .Where(n => !n.StartsWith("system.")) filters by constants; .Where(n => n.StartsWith(prefix)) does not.
    private static bool FilteredOnlyByConstants(IOperation? source)
    {
        if (source is null)
        {
            return true;
        }

        foreach (var operation in source.DescendantsAndSelf())
        {
            if (operation is IAnonymousFunctionOperation lambda && !OnlyConstants(lambda.Body))
            {
                return false;
            }
        }

        return true;
    }

    private static bool OptionsOnlyConstants(IInvocationOperation listing)
    {
        foreach (var argument in listing.Arguments)
        {
            if (argument.Parameter?.Type.Name == "ListCollectionNamesOptions" && !OnlyConstants(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    // Nothing but constants, lambda parameters and the listed name: no value of this run.
    private static bool OnlyConstants(IOperation operation)
    {
        foreach (var part in operation.DescendantsAndSelf())
        {
            switch (part)
            {
                case IDefaultValueOperation:
                    break;
                case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Instance: null } when !part.ConstantValue.HasValue:
                    // The foreach variable itself is fine; any other local, field or static property is a value of this run.
                    if (part is ILocalReferenceOperation { Local: var local } && IsLoopVariable(operation, local))
                    {
                        break;
                    }

                    return false;
                case IParameterReferenceOperation { Parameter.ContainingSymbol: not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } }:
                    return false;
                case IInvocationOperation { TargetMethod.Locations: var locations } when !locations.IsEmpty && locations[0].IsInSource:
                    return false;
            }
        }

        return true;
    }

    private static bool IsLoopVariable(IOperation within, ILocalSymbol local)
    {
        for (var parent = within; parent is not null; parent = parent.Parent)
        {
            if (parent is IForEachLoopOperation loop && loop.LoopControlVariable is IVariableDeclaratorOperation declared &&
                SymbolEqualityComparer.Default.Equals(declared.Symbol, local))
            {
                return true;
            }
        }

        return false;
    }
}
