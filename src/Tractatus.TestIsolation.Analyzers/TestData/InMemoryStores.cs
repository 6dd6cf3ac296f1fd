using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Stores private to one run: files that set up a process-private store (EF Core InMemory, SQLite
/// <c>:memory:</c>), and connections or contexts created from a per-run name. Rows written there
/// cannot collide with another run, so SQL and EF Core writes to them are not reported. Decided once per file from its text and cached. A context created elsewhere
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
    /// True when the store object (an EF Core context or set, a connection) is private to this run:
    /// it comes from a member declared in a file that sets up an in-process store (a factory method,
    /// a field, a property), or it is created from a connection string or options built from a
    /// per-run value (<c>$"Database=it_{Guid.NewGuid():N}"</c>, a temp file name).
    /// </summary>
    public bool IsPrivateToRun(IOperation? receiver, CancellationToken cancellationToken) =>
        IsPrivateToRun(receiver, cancellationToken, 0);

    private bool IsPrivateToRun(IOperation? receiver, CancellationToken cancellationToken, int depth)
    {
        var operation = ValueTracer.Unwrap(receiver);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        // factory.Services...: a test-host factory class whose file swaps in an in-memory store.
        if (operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && DeclaredInMemory(type, cancellationToken))
        {
            return true;
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return DeclaredInMemory(invocation.TargetMethod, cancellationToken) ||
                       IsPrivateToRun(invocation.Instance, cancellationToken, depth + 1) ||
                       ArgumentsArePrivateToRun(invocation.Arguments, cancellationToken, depth);
            case IObjectCreationOperation creation:
                return ArgumentsArePrivateToRun(creation.Arguments, cancellationToken, depth);
            case ILocalReferenceOperation:
                return AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } local &&
                       IsPrivateToRun(local, cancellationToken, depth + 1);
            case IFieldReferenceOperation field:
                return DeclaredInMemory(field.Field, cancellationToken) ||
                       IsPrivateToRun(field.Instance, cancellationToken, depth + 1) ||
                       (AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } fieldValue &&
                        IsPrivateToRun(fieldValue, cancellationToken, depth + 1));
            case IPropertyReferenceOperation property:
                return DeclaredInMemory(property.Property, cancellationToken) ||
                       IsPrivateToRun(property.Instance, cancellationToken, depth + 1) ||
                       (AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } propertyValue &&
                        IsPrivateToRun(propertyValue, cancellationToken, depth + 1));
            default:
                return false;
        }
    }

    // new SqliteConnection($"Data Source={path}"), UseNpgsql(cs), new AppDb(options): a string
    // argument with a per-run value, or a store/options argument that is itself private to the run.
    private bool ArgumentsArePrivateToRun(ImmutableArray<IArgumentOperation> arguments, CancellationToken cancellationToken, int depth)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var isPrivate = argument.Value.Type?.SpecialType == SpecialType.System_String
                ? RunUniqueValues.Contains(argument.Value, cancellationToken)
                : IsPrivateToRun(argument.Value, cancellationToken, depth + 1);
            if (isPrivate)
            {
                return true;
            }
        }

        return false;
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
