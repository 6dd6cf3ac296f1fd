using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Files that set up a process-private store (EF Core InMemory, SQLite <c>:memory:</c>). Rows
/// written there cannot collide with another run, so SQL and EF Core writes in such files are
/// not reported. Decided once per file from its text and cached. A context created elsewhere
/// (a <c>TestDb.Create()</c> helper, a fixture's property) is followed to the files that declare
/// its factory, so the usual shared helper file counts too.
/// </summary>
internal sealed class InMemoryStores
{
    private const int MaxDepth = 4;

    private static readonly string[] Markers = { "UseInMemoryDatabase", ":memory:", "Mode=Memory" };

    private readonly ConcurrentDictionary<SyntaxTree, bool> _byTree = new();

    public bool UsesInMemoryStore(SyntaxTree tree, CancellationToken cancellationToken) =>
        _byTree.GetOrAdd(tree, t =>
        {
            var text = t.GetText(cancellationToken).ToString();
            foreach (var marker in Markers)
            {
                if (text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        });

    /// <summary>
    /// True when the store object (an EF Core context or set, a connection) comes from a member
    /// declared in a file that sets up an in-process store: a factory method, a field, a property.
    /// </summary>
    public bool CreatedInMemory(IOperation? receiver, CancellationToken cancellationToken) =>
        CreatedInMemory(receiver, cancellationToken, 0);

    private bool CreatedInMemory(IOperation? receiver, CancellationToken cancellationToken, int depth)
    {
        var operation = ValueTracer.Unwrap(receiver);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return DeclaredInMemory(invocation.TargetMethod, cancellationToken) ||
                       CreatedInMemory(invocation.Instance, cancellationToken, depth + 1);
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (CreatedInMemory(argument.Value, cancellationToken, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ILocalReferenceOperation:
                return AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } local &&
                       CreatedInMemory(local, cancellationToken, depth + 1);
            case IFieldReferenceOperation field:
                return DeclaredInMemory(field.Field, cancellationToken) ||
                       CreatedInMemory(field.Instance, cancellationToken, depth + 1) ||
                       (AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } fieldValue &&
                        CreatedInMemory(fieldValue, cancellationToken, depth + 1));
            case IPropertyReferenceOperation property:
                return DeclaredInMemory(property.Property, cancellationToken) ||
                       CreatedInMemory(property.Instance, cancellationToken, depth + 1) ||
                       (AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } propertyValue &&
                        CreatedInMemory(propertyValue, cancellationToken, depth + 1));
            default:
                return false;
        }
    }

    private bool DeclaredInMemory(ISymbol symbol, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (UsesInMemoryStore(reference.SyntaxTree, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
