using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// Objects created in view and the values their members get there: <c>new Tenant("acme", ...)</c>
/// gives <c>Code</c> the argument of the constructor parameter <c>code</c> (records and classes
/// whose parameters are named after their properties), <c>new Doc { Slug = "x" }</c> gives
/// <c>Slug</c> its initializer.
/// </summary>
internal static class Creations
{
    private const int MaxDepth = 3;

    /// <summary>The creation an instance expression comes from, through locals and fields assigned once.</summary>
    public static IObjectCreationOperation? Find(IOperation? instance, CancellationToken cancellationToken) =>
        Find(instance, cancellationToken, 0);

    private static IObjectCreationOperation? Find(IOperation? instance, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(instance);
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        return operation switch
        {
            IObjectCreationOperation creation => creation,
            ILocalReferenceOperation => Find(AssignedValues.Of(operation, cancellationToken).Single, cancellationToken, depth + 1),
            IFieldReferenceOperation or IPropertyReferenceOperation => Find(AssignedValues.OfAnyFile(operation, cancellationToken).Single, cancellationToken, depth + 1),
            _ => null,
        };
    }

    /// <summary>The value <paramref name="creation"/> gives <paramref name="member"/>, if it gives one in view.</summary>
    public static IOperation? ValueOf(IObjectCreationOperation creation, ISymbol member)
    {
        if (creation.Initializer is { } initializer)
        {
            foreach (var item in initializer.Initializers)
            {
                if (item is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment &&
                    SymbolEqualityComparer.Default.Equals(target.Member, member))
                {
                    return assignment.Value;
                }
            }
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue &&
                string.Equals(parameter.Name, member.Name, StringComparison.OrdinalIgnoreCase))
            {
                return argument.Value;
            }
        }

        return null;
    }
}
