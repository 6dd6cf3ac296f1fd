using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Stores private to one run: files that set up a process-private store (EF Core InMemory, SQLite
/// <c>:memory:</c>), and connections or contexts created from a per-run name. Rows written there
/// cannot collide with another run, so SQL and EF Core writes to them are not reported. Decided once per file from its text and cached. A context created elsewhere
/// (a <c>TestDb.Create()</c> helper, a fixture's property) is followed to the files that declare
/// its factory, so the usual shared helper file counts too.
/// </summary>
internal sealed class InMemoryStores
{
    // Enough for fixture → factory helper → client helper → settings → connection string.
    private const int MaxDepth = 8;

    // Operations one question may visit: deep chains stay cheap because each step branches little,
    // and a wide one gives up (unknown) instead of growing with every argument and return.
    private const int MaxSteps = 256;

    [ThreadStatic]
    private static int _steps;

    // Symbols whose answer is being worked out on this thread, and whether the current answer met one of them.
    [ThreadStatic]
    private static HashSet<ISymbol>? _deciding;

    [ThreadStatic]
    private static bool _metCycle;

    private static readonly string[] Markers = { "UseInMemoryDatabase", ":memory:", "Mode=Memory" };

    // A helper called from more places than this is not followed to its callers.
    private const int MaxCallSites = 16;

    // Per file, for every rule: whether its text sets up an in-process store.
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> ByTree = new();
    private readonly ConcurrentDictionary<ISymbol, StoreOrigin> _members = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, StoreOrigin> _decided = new(SymbolEqualityComparer.Default);

    public bool UsesInMemoryStore(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (ByTree.TryGetValue(tree, out var known))
        {
            return known.Value;
        }

        // Every marker contains "emory" (or "EMORY" when written in capitals): two case-sensitive searches clear most
        // files before the case-insensitive checks.
        var found = (NameOccurrences.MayContain(tree, "emory", cancellationToken) || NameOccurrences.MayContain(tree, "EMORY", cancellationToken)) &&
                    HasMarker(tree.GetRoot(cancellationToken), Markers, cancellationToken);
        return ByTree.GetValue(tree, _ => new StrongBox<bool>(found)).Value;
    }

    private static bool HasMarker(SyntaxNode node, string[] markers, CancellationToken cancellationToken)
    {
        foreach (var marker in markers)
        {
            if (NameOccurrences.MayContain(node, marker, cancellationToken, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the store object (an EF Core context or set, a connection, a Mongo client or
    /// collection) is private to this run: it comes from a member declared in a file that sets up
    /// an in-process store (a factory method, a field, a property), or it is created from a
    /// connection string or options built from a per-run value (<c>$"Database=it_{Guid.NewGuid():N}"</c>,
    /// a temp file name) or from a per-run server's connection string.
    /// </summary>
    public bool IsPrivateToRun(IOperation? receiver, CancellationToken cancellationToken) =>
        OriginOf(receiver, cancellationToken) == StoreOrigin.PerRun;

    /// <summary>
    /// True when writes through <paramref name="receiver"/> can reach a server other runs share: when
    /// it is not private to the run. Per-run servers are decided store by store: a project that
    /// starts a container for some tests and talks to the team's server in others is analyzed for
    /// the latter.
    /// </summary>
    public bool ReachesSharedStore(IOperation? receiver, StoreSymbols symbols, CancellationToken cancellationToken) =>
        OriginOf(receiver, cancellationToken) != StoreOrigin.PerRun;

    /// <summary>Whether the store object is private to the run, proven to be on a shared server, or neither.</summary>
    public StoreOrigin OriginOf(IOperation? receiver, CancellationToken cancellationToken)
    {
        var saved = _steps;
        _steps = MaxSteps;
        try
        {
            return OriginOf(receiver, cancellationToken, 0);
        }
        finally
        {
            _steps = saved;
        }
    }

    private StoreOrigin OriginOf(IOperation? receiver, CancellationToken cancellationToken, int depth)
    {
        var operation = FlowEngine.Unwrap(receiver);
        if (operation is null || depth > MaxDepth || --_steps < 0)
        {
            return StoreOrigin.Unknown;
        }

        // A static member or one of this object (a suite's Collection or Db property) is asked about at every write
        // through it; its answer depends on the symbol alone, so it is worked out once per compilation. Only answers
        // started from the top are kept, so a depth-bounded answer from deep inside another walk never stands for it.
        if (depth == 0 && OwnMember(operation) is { } member)
        {
            return _members.GetOrAdd(member, _ => Walk(operation, cancellationToken, depth));
        }

        return Walk(operation, cancellationToken, depth);
    }

    // The answer for `this.X` also depends on the type of `this`, so an inherited member reached from a derived type
    // is not kept.
    private static ISymbol? OwnMember(IOperation operation) => operation switch
    {
        IFieldReferenceOperation { Instance: var instance } field when IsOwn(instance, field.Field) => field.Field,
        IPropertyReferenceOperation { Instance: var instance, Arguments.IsEmpty: true } property when IsOwn(instance, property.Property) => property.Property,
        _ => null,
    };

    private static bool IsOwn(IOperation? instance, ISymbol member) =>
        instance is null ||
        instance is IInstanceReferenceOperation && SymbolEqualityComparer.Default.Equals(instance.Type, member.ContainingType);

    private StoreOrigin Walk(IOperation operation, CancellationToken cancellationToken, int depth)
    {

        // factory.Services...: a test-host factory class whose file swaps in an in-memory store, or
        // a fixture type that starts a per-run server itself.
        if (operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type &&
            (DeclaredInMemory(type, cancellationToken) ||
             (operation is not IInstanceReferenceOperation && StartsPerRunServer(type, cancellationToken))))
        {
            return StoreOrigin.PerRun;
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return DeclaredInMemory(invocation.TargetMethod, cancellationToken)
                    ? StoreOrigin.PerRun
                    : Combine(
                        Combine(OriginOf(invocation.Instance, cancellationToken, depth + 1), ArgumentsOrigin(invocation.Arguments, cancellationToken, depth)),
                        Decided(invocation.TargetMethod.OriginalDefinition, invocation, ReturnedOrigin, cancellationToken));
            case IObjectCreationOperation creation:
                var fromArguments = ArgumentsOrigin(creation.Arguments, cancellationToken, depth);
                // new MongoClient(): the default server on localhost, which every run shares.
                return fromArguments == StoreOrigin.Unknown && creation.Arguments.IsEmpty && creation.Type?.Name == "MongoClient"
                    ? StoreOrigin.Shared
                    : fromArguments;
            case IParameterReferenceOperation parameter:
                return Decided(parameter.Parameter, parameter, ParameterOrigin, cancellationToken);
            case IAwaitOperation awaited:
                return OriginOf(awaited.Operation, cancellationToken, depth);
            case ISwitchExpressionOperation chosen:
                // provider switch { "pg" => new DbProvider("Npgsql", cs), _ => throw … }: what every arm gives.
                return EveryBranch(chosen.Arms.Select(arm => arm.Value), cancellationToken, depth);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return EveryBranch(new[] { conditional.WhenTrue, whenFalse }, cancellationToken, depth);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver:
                // new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = "x" }: the object being initialized.
                return InitializedObject(receiver) is { } created ? OriginOf(created, cancellationToken, depth + 1) : StoreOrigin.Unknown;
            case ILocalReferenceOperation:
                return AssignedValues.OfAnyFile(operation, cancellationToken).Single is { } local
                    ? OriginOf(local, cancellationToken, depth + 1)
                    : StoreOrigin.Unknown;
            case IFieldReferenceOperation field:
                return DeclaredInMemory(field.Field, cancellationToken)
                    ? StoreOrigin.PerRun
                    : Combine(OriginOf(field.Instance, cancellationToken, depth + 1), Decided(field.Field, operation, HeldOrigin, cancellationToken));
            case IPropertyReferenceOperation property:
                return DeclaredInMemory(property.Property, cancellationToken)
                    ? StoreOrigin.PerRun
                    : Combine(OriginOf(property.Instance, cancellationToken, depth + 1), Decided(property.Property, operation, HeldOrigin, cancellationToken));
            default:
                return StoreOrigin.Unknown;
        }
    }

    // What a field or property holds and what a helper returns depend on that symbol alone, so each is worked out
    // once per compilation, as a question of its own (fresh depth and step budget). An answer is kept only when it
    // is complete: not cut short by the budget and not reached through a symbol still being decided on this thread
    // (a cycle), so the cached answer never depends on which use asked first.
    private StoreOrigin Decided(ISymbol symbol, IOperation use, Func<IOperation, CancellationToken, int, StoreOrigin> decide, CancellationToken cancellationToken)
    {
        if (_decided.TryGetValue(symbol, out var known))
        {
            return known;
        }

        var deciding = _deciding ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!deciding.Add(symbol))
        {
            _metCycle = true;
            return StoreOrigin.Unknown;
        }

        var (savedSteps, savedCycle) = (_steps, _metCycle);
        _steps = MaxSteps;
        _metCycle = false;
        try
        {
            var origin = decide(use, cancellationToken, 0);
            if (!_metCycle && _steps >= 0)
            {
                _decided.TryAdd(symbol, origin);
            }

            return origin;
        }
        finally
        {
            deciding.Remove(symbol);
            _metCycle |= savedCycle;
            _steps = savedSteps;
        }
    }

    // A factory helper in this compilation (CreateDbContext() => new AppContext(GetClient(), name)):
    // the store is what its body returns. Library methods (no source) stay opaque.
    private StoreOrigin ReturnedOrigin(IOperation use, CancellationToken cancellationToken, int depth)
    {
        var invocation = (IInvocationOperation)use;
        var method = invocation.TargetMethod;
        if (method.DeclaringSyntaxReferences.IsEmpty || method.ReturnsVoid)
        {
            return StoreOrigin.Unknown;
        }

        var origin = StoreOrigin.Unknown;
        foreach (var value in HelperBodies.ReturnedValues(method, invocation.SemanticModel, cancellationToken))
        {
            origin = Combine(origin, OriginOf(value, cancellationToken, depth + 1));
        }

        return origin;
    }

    // A helper's store parameter (GetHash(HangfireDbContext db, string key)): what its callers in
    // the same type pass. Private to the run only when every caller passes a per-run store.
    private StoreOrigin ParameterOrigin(IOperation use, CancellationToken cancellationToken, int depth)
    {
        var reference = (IParameterReferenceOperation)use;
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol method || parameter.Type.SpecialType == SpecialType.System_String)
        {
            return StoreOrigin.Unknown;
        }

        // A constructor's store parameter (new Resetter(connection)) gets its value where the type is created.
        var sites = method.MethodKind == MethodKind.Constructor
            ? HelperBodies.ConstructionSites(method, reference.SemanticModel, MaxCallSites + 1, cancellationToken).Select(c => c.Arguments).ToImmutableArray()
            : HelperBodies.CallSites(method, reference.SemanticModel, MaxCallSites + 1, cancellationToken).Select(c => c.Arguments).ToImmutableArray();
        var origin = StoreOrigin.Unknown;
        if (!sites.IsEmpty && sites.Length <= MaxCallSites)
        {
            var allPerRun = true;
            foreach (var arguments in sites)
            {
                var argument = arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition));
                var passed = argument is null ? StoreOrigin.Unknown : OriginOf(argument.Value, cancellationToken, depth + 1);
                if (passed == StoreOrigin.Shared)
                {
                    allPerRun = false;
                    origin = StoreOrigin.Shared;
                    break;
                }

                allPerRun &= passed == StoreOrigin.PerRun;
            }

            if (allPerRun)
            {
                origin = StoreOrigin.PerRun;
            }
        }

        return origin;
    }

    private StoreOrigin HeldOrigin(IOperation member, CancellationToken cancellationToken, int depth)
    {
        var origin = StoreOrigin.Unknown;
        foreach (var value in AssignedValues.OfAnyFile(member, cancellationToken).Values)
        {
            origin = Combine(origin, OriginOf(value, cancellationToken, depth + 1));
        }

        // A computed property (Items => client.GetDatabase(...).GetCollection(...)): what its getter returns.
        if (member is IPropertyReferenceOperation { Property.GetMethod: { } getter })
        {
            foreach (var value in HelperBodies.ReturnedValues(getter, member.SemanticModel, cancellationToken))
            {
                origin = Combine(origin, OriginOf(value, cancellationToken, depth + 1));
            }
        }

        return origin;
    }

    // new SqliteConnection($"Data Source={path}"), UseNpgsql(cs), new AppDb(options): a string
    // argument with a per-run value, or a store/options argument that is itself private to the run.
    // A connection string written in the code or read from configuration proves a shared server.
    private StoreOrigin ArgumentsOrigin(ImmutableArray<IArgumentOperation> arguments, CancellationToken cancellationToken, int depth)
    {
        var origin = StoreOrigin.Unknown;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                origin = Combine(origin, ConnectionStringOrigin(argument, cancellationToken));
            }
            else
            {
                origin = Combine(origin, OriginOf(argument.Value, cancellationToken, depth + 1));
            }
        }

        return origin;
    }

    private static StoreOrigin ConnectionStringOrigin(IArgumentOperation argument, CancellationToken cancellationToken)
    {
        if (RunUniqueValues.Contains(argument.Value, cancellationToken))
        {
            return StoreOrigin.PerRun;
        }

        var origin = StoreOrigin.Unknown;
        foreach (var text in FlowEngine.TextsOf(argument.Value, cancellationToken))
        {
            if (text.IsPerRun)
            {
                return StoreOrigin.PerRun;
            }

            if (argument.Parameter is { } parameter && ConnectionStringText.IsConnectionStringParameter(parameter.Name) &&
                (text.IsConfigured || (text.IsFixed && (text.Text.IndexOf('=') > 0 || text.Text.IndexOf("://", StringComparison.Ordinal) > 0))))
            {
                origin = StoreOrigin.Shared;
            }
        }

        return origin;
    }

    // Private to the run only when every branch that yields a store is; shared when one is proven shared.
    private StoreOrigin EveryBranch(IEnumerable<IOperation> branches, CancellationToken cancellationToken, int depth)
    {
        var origin = StoreOrigin.Unknown;
        foreach (var branch in branches)
        {
            if (FlowEngine.Unwrap(branch) is IThrowOperation)
            {
                continue;
            }

            var yielded = OriginOf(branch, cancellationToken, depth + 1);
            if (yielded != StoreOrigin.PerRun)
            {
                return yielded;
            }

            origin = StoreOrigin.PerRun;
        }

        return origin;
    }

    private static IObjectCreationOperation? InitializedObject(IOperation receiver)
    {
        for (var current = receiver.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
            {
                return creation;
            }
        }

        return null;
    }

    private static StoreOrigin Combine(StoreOrigin left, StoreOrigin right) =>
        left == StoreOrigin.PerRun || right == StoreOrigin.PerRun ? StoreOrigin.PerRun :
        left == StoreOrigin.Shared || right == StoreOrigin.Shared ? StoreOrigin.Shared :
        StoreOrigin.Unknown;

    // Text of a type's own declaration that starts a server for the run (Testcontainers builders,
    // Mongo2Go, EphemeralMongo) without WithReuse(true): its stores are that server's.
    private static readonly string[] PerRunServerMarkers =
    {
        "MongoDbRunner.Start", "MongoRunner.Run", "TestcontainersBuilder", "ContainerBuilder", "PostgreSqlBuilder", "MsSqlBuilder",
        "MongoDbBuilder", "MySqlBuilder", "MariaDbBuilder", "SqlEdgeBuilder", "CosmosDbBuilder", "RedisBuilder",
    };

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _startsServer = new(SymbolEqualityComparer.Default);

    private bool StartsPerRunServer(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        _startsServer.TryGetValue(type, out var known) ? known : _startsServer.GetOrAdd(type, t =>
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (NameOccurrences.MayContain(declaration, "WithReuse(true)", cancellationToken))
                {
                    return false;
                }

                if (HasMarker(declaration, PerRunServerMarkers, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        });

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

/// <summary>Where a store object points: a store private to the run, a server proven shared, or not known.</summary>
internal enum StoreOrigin
{
    /// <summary>Not known from the code.</summary>
    Unknown,

    /// <summary>In memory, named per run, or on a server started for this run.</summary>
    PerRun,

    /// <summary>Created from a connection string written in the code or read from configuration.</summary>
    Shared,
}
