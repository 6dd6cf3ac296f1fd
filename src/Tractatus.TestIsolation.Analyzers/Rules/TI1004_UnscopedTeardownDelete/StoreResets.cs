using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Wipes that are one library call rather than SQL: EF Core's <c>Database.EnsureDeleted()</c>
/// (drops the context's database), <c>RemoveRange</c> of a whole <c>DbSet</c> and
/// <c>ExecuteDelete()</c> on one (empty the table), and Respawn's <c>ResetAsync</c> (deletes the
/// rows of every table); the wipe APIs of storage libraries are in <c>StoreResets.Libraries.cs</c>.
/// Each names the store it wipes, which the rule checks is not private to the run.
/// Types are recognised by name and namespace after the method name, so a compilation without
/// these libraries pays one string switch per call.
/// </summary>
internal static partial class StoreResets
{
    /// <summary>A reset: what it does (for the message) and the object that names the store.</summary>
    public readonly struct Reset
    {
        public Reset(string description, IOperation? store, bool isConnectionString, bool isEntityFramework = false)
        {
            Description = description;
            Store = store;
            IsConnectionString = isConnectionString;
            IsEntityFramework = isEntityFramework;
            Name = null;
            Kind = ResetKind.Store;
        }

        public Reset(string description, IOperation? store, IOperation? name, ResetKind kind)
            : this(description, store, isConnectionString: false)
        {
            Name = name;
            Kind = kind;
        }

        /// <summary>The message part: "drops the database of the context ...".</summary>
        public string Description { get; }

        /// <summary>The context, connection or connection string the reset runs on.</summary>
        public IOperation? Store { get; }

        /// <summary>True when <see cref="Store"/> is a connection string rather than a store object.</summary>
        public bool IsConnectionString { get; }

        /// <summary>True for an EF Core call: the providers the project references decide whether its context can be shared.</summary>
        public bool IsEntityFramework { get; }

        /// <summary>The schema or database the reset drops, when an argument names it (a per-run name is the run's own).</summary>
        public IOperation? Name { get; }

        /// <summary>How the store's default decides whether it can be shared.</summary>
        public ResetKind Kind { get; }
    }

    /// <summary>True when the call is a known reset, with what it wipes.</summary>
    public static bool TryGet(IInvocationOperation invocation, out Reset reset)
    {
        reset = default;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "EnsureDeleted" or "EnsureDeletedAsync" when IsType(type, "DatabaseFacade", "Microsoft.EntityFrameworkCore.Infrastructure"):
                reset = new Reset("drops the whole database of its DbContext (EnsureDeleted)", ContextOf(invocation.Instance), isConnectionString: false, isEntityFramework: true);
                return true;

            case "RemoveRange" when invocation.Arguments.Length == 1 &&
                                    (IsDbSet(type) || DerivesFrom(type, "DbContext", "Microsoft.EntityFrameworkCore")) &&
                                    WholeSet(invocation.Arguments[0].Value) is { } removed:
                reset = new Reset("removes every row of the DbSet " + removed.Syntax, ContextOf(removed), isConnectionString: false, isEntityFramework: true);
                return true;

            case "ExecuteDelete" or "ExecuteDeleteAsync" when method.IsExtensionMethod && invocation.Arguments.Length >= 1 &&
                                                              WholeSet(invocation.Arguments[0].Value) is { } set:
                reset = new Reset("deletes every row of the DbSet " + set.Syntax + " (ExecuteDelete without a filter)", ContextOf(set), isConnectionString: false, isEntityFramework: true);
                return true;

            case "ResetAsync" or "Reset" when invocation.Arguments.Length == 1 &&
                                              (IsType(type, "Respawner", "Respawn") || IsType(type, "Checkpoint", "Respawn")):
                var argument = invocation.Arguments[0].Value;
                reset = new Reset("resets every table with Respawn", argument, argument.Type?.SpecialType == SpecialType.System_String);
                return true;

            default:
                return TryGetLibraryWipe(invocation, method, type, out reset);
        }
    }

    // context.Orders, context.Set<Order>(), or a list made of one (context.Orders.ToList()): the whole table.
    private static IOperation? WholeSet(IOperation value)
    {
        var operation = FlowEngine.Unwrap(value);
        if (operation is IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" or "AsEnumerable" or "AsQueryable", Arguments.Length: 1 } materialized &&
            materialized.TargetMethod.IsExtensionMethod)
        {
            operation = FlowEngine.Unwrap(materialized.Arguments[0].Value);
        }

        return operation?.Type is { } type && IsDbSet(type) ? operation : null;
    }

    // context.Database / context.Orders / context.Set<T>(): the context they belong to.
    private static IOperation? ContextOf(IOperation? operation)
    {
        operation = FlowEngine.Unwrap(operation);
        return operation switch
        {
            IPropertyReferenceOperation { Instance: { } instance } => instance,
            IInvocationOperation { TargetMethod.Name: "Set", Instance: { } instance } => instance,
            _ => operation,
        };
    }

    private static bool IsDbSet(ITypeSymbol? type) => DerivesFrom(type, "DbSet", "Microsoft.EntityFrameworkCore");

    private static bool DerivesFrom(ITypeSymbol? type, string name, string containingNamespace)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsType(current, name, containingNamespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsType(INamedTypeSymbol? type, string name, string containingNamespace) =>
        Namespaces.Is(type, containingNamespace, name);
}
