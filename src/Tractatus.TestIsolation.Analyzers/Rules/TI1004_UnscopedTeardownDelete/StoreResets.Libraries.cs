using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>How a library's store defaults, which decides whether a reset of it can reach other runs.</summary>
internal enum ResetKind
{
    /// <summary>A server store (Marten, Wolverine, Redis): shared unless the store object is the run's own.</summary>
    Store,

    /// <summary>Quartz.NET: in memory (RAMJobStore) unless the file configures a persistent job store.</summary>
    InMemoryUnlessPersistent,

    /// <summary>NEventStore: a server store, unless the file wires up its in-memory persistence.</summary>
    SharedUnlessInMemory,
}

/// <summary>
/// The wipe APIs of storage libraries real suites call in setup and teardown: Marten's document
/// cleaner and <c>ResetAllData</c>, Wolverine's message-store admin and Oakton's
/// <c>ResetResourceState</c>, Weasel's <c>DropSchemaAsync</c>,
/// StackExchange.Redis's <c>FlushDatabase</c>/<c>FlushAllDatabases</c>, Quartz.NET's
/// <c>IScheduler.Clear()</c>, NEventStore's <c>Drop()</c>/<c>Purge()</c>. The method name is
/// checked first, then the declaring type's name and namespace, so no symbol of these libraries is
/// resolved.
/// </summary>
internal static partial class StoreResets
{
    // Quartz.NET: what a file writes when it configures a job store in a database.
    private static readonly string[] PersistentQuartzMarkers = { "AdoJobStore", "JobStoreTX", "JobStoreCMT", "UsePersistentStore", "jobStore.dataSource" };

    // NEventStore: what a file writes when it wires up the in-memory engine.
    private static readonly string[] InMemoryEventStoreMarkers = { "UsingInMemoryPersistence", "InMemoryPersistenceEngine" };

    /// <summary>True when the file, by its text, decides a <see cref="ResetKind"/> reset's store is in process.</summary>
    public static bool IsInProcessByFile(Reset reset, SyntaxTree tree, System.Threading.CancellationToken cancellationToken) => reset.Kind switch
    {
        ResetKind.InMemoryUnlessPersistent => !Mentions(tree, PersistentQuartzMarkers, cancellationToken),
        ResetKind.SharedUnlessInMemory => Mentions(tree, InMemoryEventStoreMarkers, cancellationToken),
        _ => false,
    };

    /// <summary>A schema, database or connection string that differs in every run (a Guid, a per-run server's address).</summary>
    public static bool IsPerRunValue(IOperation value, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var text in FlowEngine.TextsOf(value, cancellationToken))
        {
            if (text.IsPerRun)
            {
                return true;
            }
        }

        return RunUniqueValues.Contains(value, cancellationToken);
    }

    /// <summary>
    /// A store built by a factory that takes a configuration lambda (<c>DocumentStore.For(opts => ...)</c>)
    /// whose body points it at the run's own server (<c>opts.Connection(container.GetConnectionString())</c>)
    /// or schema (<c>opts.DatabaseSchemaName = $"t_{Guid.NewGuid():N}"</c>). Only the lambda's body is read.
    /// </summary>
    public static bool IsConfiguredPerRun(IOperation? store, InMemoryStores inMemory, System.Threading.CancellationToken cancellationToken)
    {
        var operation = FlowEngine.Unwrap(store);
        var values = operation is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
            ? AssignedValues.OfAnyFile(operation, cancellationToken).Values
            : operation is null ? System.Collections.Immutable.ImmutableArray<IOperation>.Empty : System.Collections.Immutable.ImmutableArray.Create(operation);
        foreach (var value in values)
        {
            if (FlowEngine.Unwrap(value) is not IInvocationOperation factory)
            {
                continue;
            }

            foreach (var argument in factory.Arguments)
            {
                var lambda = FlowEngine.Unwrap(argument.Value) switch
                {
                    IDelegateCreationOperation { Target: IAnonymousFunctionOperation target } => target,
                    IAnonymousFunctionOperation target => target,
                    _ => null,
                };
                if (lambda is not null && ConfiguresPerRun(lambda, inMemory, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ConfiguresPerRun(IAnonymousFunctionOperation lambda, InMemoryStores inMemory, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var operation in lambda.Body.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Connection" } connection when inMemory.IsPrivateToRun(connection, cancellationToken):
                    return true;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DatabaseSchemaName" } } schema
                    when IsPerRunValue(schema.Value, cancellationToken):
                    return true;
            }
        }

        return false;
    }

    private static bool TryGetLibraryWipe(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol? type, out Reset reset)
    {
        reset = default;
        string? description = null;
        var kind = ResetKind.Store;
        IOperation? name = null;
        switch (method.Name)
        {
            // store.Advanced.Clean.X(): Marten's IDocumentCleaner.
            case "CompletelyRemoveAll" or "CompletelyRemoveAllAsync" when IsMartenCleaner(type):
                description = "removes every document, event and schema object of the Marten store (" + method.Name + ")";
                break;
            case "DeleteAllDocuments" or "DeleteAllDocumentsAsync" when IsMartenCleaner(type):
                description = "deletes every document of the Marten store (" + method.Name + ")";
                break;
            case "DeleteDocumentsByType" or "DeleteDocumentsByTypeAsync" when IsMartenCleaner(type):
                description = "deletes every document of a type in the Marten store (" + method.Name + ")";
                break;
            case "CompletelyRemove" or "CompletelyRemoveAsync" when IsMartenCleaner(type):
                description = "removes a document type's table and its documents from the Marten store (" + method.Name + ")";
                break;
            case "DeleteDocumentsExcept" or "DeleteDocumentsExceptAsync" when IsMartenCleaner(type):
                description = "deletes the documents of every other type in the Marten store (" + method.Name + ")";
                break;
            case "DeleteAllEventData" or "DeleteAllEventDataAsync" when IsMartenCleaner(type):
                description = "deletes every event of the Marten store (" + method.Name + ")";
                break;
            case "ResetAllData" when Namespaces.Is(type, "Marten", "AdvancedOperations"):
                description = "deletes all data of the Marten store (ResetAllData)";
                break;

            // host.CleanAllMartenDataAsync(), host.ResetAllMartenDataAsync(): Marten's test helpers on a host.
            case "CleanAllMartenDataAsync" or "ResetAllMartenDataAsync" when method.IsExtensionMethod && Namespaces.IsUnder(type, "Marten"):
                description = "deletes all data of the host's Marten store (" + method.Name + ")";
                break;

            // messageStore.Admin.ClearAllAsync(): Wolverine's durable inbox, outbox and dead letters.
            case "ClearAllAsync" when IsType(type, "IMessageStoreAdmin", "Wolverine.Persistence.Durability"):
                description = "deletes every message of the Wolverine message store (ClearAllAsync)";
                break;
            case "RebuildAsync" when IsType(type, "IMessageStoreAdmin", "Wolverine.Persistence.Durability"):
                description = "drops and rebuilds the Wolverine message store (RebuildAsync)";
                break;

            // host.ResetResourceState(): Oakton / JasperFx clear every stateful resource of the host (Wolverine's tables, queues).
            case "ResetResourceState" when method.IsExtensionMethod &&
                                           (IsType(type, "ResourceHostExtensions", "Oakton.Resources") || IsType(type, "ResourceHostExtensions", "JasperFx.Resources")):
                description = "clears the state of every stateful resource of the host, its databases included (ResetResourceState)";
                break;

            // connection.DropSchemaAsync("registry"): Weasel (Marten's and Wolverine's schema tool).
            case "DropSchema" or "DropSchemaAsync" when method.IsExtensionMethod && Namespaces.IsUnder(type, "Weasel"):
                name = StringArgument(invocation);
                description = "drops the schema with " + method.Name;
                break;

            // server.FlushDatabase(): StackExchange.Redis's IServer.
            case "FlushDatabase" or "FlushDatabaseAsync" when IsType(type, "IServer", "StackExchange.Redis"):
                description = "deletes every key of the Redis database (" + method.Name + ")";
                break;
            case "FlushAllDatabases" or "FlushAllDatabasesAsync" when IsType(type, "IServer", "StackExchange.Redis"):
                description = "deletes every key of every Redis database (" + method.Name + ")";
                break;

            // scheduler.Clear(): Quartz.NET deletes every job, trigger and calendar of its job store.
            case "Clear" when IsType(type, "IScheduler", "Quartz"):
                description = "deletes every job, trigger and calendar of the Quartz job store (Clear)";
                kind = ResetKind.InMemoryUnlessPersistent;
                break;

            // persistence.Drop(), store.Advanced.Purge(): NEventStore's IPersistStreams.
            case "Drop" when IsType(type, "IPersistStreams", "NEventStore.Persistence"):
                description = "drops the NEventStore storage (Drop)";
                kind = ResetKind.SharedUnlessInMemory;
                break;
            case "Purge" when IsType(type, "IPersistStreams", "NEventStore.Persistence"):
                description = "deletes every stream of the NEventStore storage (Purge)";
                kind = ResetKind.SharedUnlessInMemory;
                break;
        }

        if (description is null)
        {
            return false;
        }

        var store = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        reset = new Reset(description, StoreOf(store), name, kind);
        return true;
    }

    // store.Advanced.Clean, messageStore.Admin, eventStore.Advanced: the store object they belong to.
    private static IOperation? StoreOf(IOperation? operation)
    {
        operation = FlowEngine.Unwrap(operation);
        while (operation is IPropertyReferenceOperation { Property.Name: "Advanced" or "Clean" or "Admin", Instance: { } owner })
        {
            operation = FlowEngine.Unwrap(owner);
        }

        return operation;
    }

    private static IOperation? StringArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool IsMartenCleaner(INamedTypeSymbol? type) => Namespaces.Is(type, "Marten", "IDocumentCleaner");

    private static bool Mentions(SyntaxTree tree, string[] markers, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var marker in markers)
        {
            if (NameOccurrences.MayContain(tree, marker, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
