using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>Which database a MongoDB collection or database object points to.</summary>
internal enum StoreScope
{
    /// <summary>Cannot be told from the code (a parameter, another type's member, ...).</summary>
    Unknown,

    /// <summary>A database whose name is a fixed string: every run shares it.</summary>
    Fixed,

    /// <summary>A database whose name is computed at run time, one a SessionIsolatedFixture owns, or a collection named per run.</summary>
    Session,
}

/// <summary>
/// Follows a collection or database receiver back through <c>GetCollection</c>,
/// <c>GetDatabase</c>, locals and fields of the same type to the database name. A collection
/// whose own name is unique to the run (built from <c>Guid.NewGuid()</c>) counts as the session's.
/// </summary>
internal static class StoreScopes
{
    private const int MaxDepth = 5;

    public static StoreScope Of(IOperation? receiver, StoreSymbols symbols, CancellationToken cancellationToken) =>
        Of(receiver, symbols, cancellationToken, 0);

    private static StoreScope Of(IOperation? receiver, StoreSymbols symbols, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(receiver);
        if (operation is null || depth > MaxDepth)
        {
            return StoreScope.Unknown;
        }

        switch (operation)
        {
            case IInvocationOperation invocation when symbols.IsMongoClientMethod(invocation.TargetMethod) && invocation.TargetMethod.Name == "GetDatabase":
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                    {
                        return DatabaseNameScope(argument.Value, cancellationToken);
                    }
                }

                return StoreScope.Unknown;

            case IInvocationOperation invocation when invocation.Instance is not null &&
                                                     (symbols.IsMongoDatabaseMethod(invocation.TargetMethod) || symbols.IsMongoCollectionMethod(invocation.TargetMethod)):
                // GetCollection($"events_{Guid.NewGuid():N}"): a collection of its own in a shared database.
                if (invocation.TargetMethod.Name == "GetCollection" && HasRunUniqueName(invocation, cancellationToken))
                {
                    return StoreScope.Session;
                }

                // GetCollection, WithReadPreference, WithWriteConcern, ...: same database as the receiver.
                return Of(invocation.Instance, symbols, cancellationToken, depth + 1);

            case IInvocationOperation invocation when invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 &&
                                                     symbols.IsMongoCollectionMethod(invocation.TargetMethod):
                return Of(invocation.Arguments[0].Value, symbols, cancellationToken, depth + 1);

            case IMemberReferenceOperation member when FixSuggestion.IsFixture(member.Instance?.Type) || FixSuggestion.IsFixture(member.Member.ContainingType):
                return StoreScope.Session;

            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                var assigned = AssignedValues.OfAnyFile(operation, cancellationToken);
                if (!assigned.IsComplete || assigned.Values.IsEmpty)
                {
                    return StoreScope.Unknown;
                }

                var combined = StoreScope.Unknown;
                var sawUnknown = false;
                foreach (var value in assigned.Values)
                {
                    // "= null!" placeholders say nothing about the database.
                    if (FlowEngine.Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } })
                    {
                        continue;
                    }

                    var scope = Of(value, symbols, cancellationToken, depth + 1);
                    if (scope == StoreScope.Fixed)
                    {
                        return StoreScope.Fixed;
                    }

                    sawUnknown |= scope == StoreScope.Unknown;
                    combined = StoreScope.Session;
                }

                return sawUnknown ? StoreScope.Unknown : combined;

            default:
                return StoreScope.Unknown;
        }
    }

    // A fixed name, or one read from configuration, is shared by every run on that server; a name
    // with a per-run part, or computed in a way not followed, belongs to the run.
    private static StoreScope DatabaseNameScope(IOperation name, CancellationToken cancellationToken)
    {
        var configured = false;
        foreach (var text in FlowEngine.TextsOf(name, cancellationToken))
        {
            if (text.IsFixed)
            {
                return StoreScope.Fixed;
            }

            if (text.IsPerRun)
            {
                return StoreScope.Session;
            }

            configured |= text.IsConfigured;
        }

        return configured ? StoreScope.Fixed : StoreScope.Session;
    }

    private static bool HasRunUniqueName(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                return RunUniqueValues.Contains(argument.Value, cancellationToken);
            }
        }

        return false;
    }
}
