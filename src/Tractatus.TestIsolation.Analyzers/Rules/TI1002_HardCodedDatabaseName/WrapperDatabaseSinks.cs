using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Libraries that take the database or schema their data lives in as a plain string: MongoDB.Entities
/// (<c>DB.InitAsync</c>, <c>new DBContext</c>), Hangfire.Mongo (<c>new MongoStorage</c>,
/// <c>new HangfireDbContext</c>), RavenDB (<c>DocumentStore.Database</c>), Marten/Weasel
/// (<c>DatabaseSchemaName</c>), Wolverine (<c>PersistMessagesWith…(cs, schema)</c>) and Hangfire's SQL
/// storages (<c>SchemaName</c>). A schema on a shared database separates runs exactly as a database
/// does. Recognised by namespace, type and member name, so the packages need not be known to the
/// analyzer; the member name is compared first because most operations fail there.
/// </summary>
internal static class WrapperDatabaseSinks
{
    /// <summary>The argument of a wrapper call that names the database or schema, or <c>null</c>.</summary>
    public static IOperation? NameArgument(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        return method.Name switch
        {
            "InitAsync" when Namespaces.Is(method.ContainingType, "MongoDB.Entities", "DB") => Argument(invocation.Arguments, "database"),
            "PersistMessagesWithPostgresql" or "PersistMessagesWithSqlServer" when Namespaces.IsUnder(method.ContainingType, "Wolverine") => SchemaArgument(invocation.Arguments),
            _ => null,
        };
    }

    /// <summary>The constructor argument of a wrapper that names the database, or <c>null</c>.</summary>
    public static IOperation? NameArgument(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        return type?.Name switch
        {
            "DBContext" when Namespaces.IsDeclaredIn(type, "MongoDB.Entities") => Argument(creation.Arguments, "database"),
            "MongoStorage" when Namespaces.IsDeclaredIn(type, "Hangfire.Mongo") => Argument(creation.Arguments, "databaseName"),
            "HangfireDbContext" when Namespaces.IsDeclaredIn(type, "Hangfire.Mongo.Database") => Argument(creation.Arguments, "databaseName"),
            _ => null,
        };
    }

    /// <summary>True when the property selects a database or schema: <c>DocumentStore.Database</c>, <c>DatabaseSchemaName</c>, Hangfire's <c>SchemaName</c>.</summary>
    public static bool IsNameProperty(IPropertySymbol property)
    {
        var type = property.ContainingType;
        return property.Name switch
        {
            // Declared on DocumentStoreBase; RavenDB 3 called it DefaultDatabase.
            "Database" or "DefaultDatabase" => type?.Name is "DocumentStoreBase" or "DocumentStore" && Namespaces.IsUnder(type, "Raven"),
            "DatabaseSchemaName" => Namespaces.IsUnder(type, "Marten") || Namespaces.IsUnder(type, "Weasel") || Namespaces.IsUnder(type, "Wolverine") || Namespaces.IsUnder(type, "JasperFx"),
            "SchemaName" => Namespaces.Is(type, "Hangfire.PostgreSql", "PostgreSqlStorageOptions") ||
                            Namespaces.Is(type, "Hangfire.SqlServer", "SqlServerStorageOptions"),
            _ => false,
        };
    }

    /// <summary>
    /// The schema every suite starts in (<c>public</c>, <c>dbo</c>) is the library's default, not a
    /// name the tests chose for themselves; it is left to the server-level rules.
    /// </summary>
    public static bool IsDefaultSchema(string name) =>
        name.Equals("public", StringComparison.OrdinalIgnoreCase) || name.Equals("dbo", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the wrapper talks to a server started for this run: another argument of the same
    /// call, or another setting made in the same configuration lambda or object initializer, is a
    /// Testcontainers/Mongo2Go connection string or differs in every run, or a client that
    /// <paramref name="stores"/> follows to such a server (<c>new MongoStorage(GetClient(), name)</c>
    /// in a fixture whose client comes from its container).
    /// </summary>
    public static bool ServerIsPerRun(IOperation sink, IOperation name, InMemoryStores stores, CancellationToken cancellationToken)
    {
        var scope = sink switch
        {
            IInvocationOperation or IObjectCreationOperation => sink,
            _ => ConfigurationScope(sink),
        };
        if (scope is null)
        {
            return false;
        }

        foreach (var part in scope.Descendants())
        {
            var value = part switch
            {
                IArgumentOperation argument => argument.Value,
                ISimpleAssignmentOperation assignment => assignment.Value,
                _ => null,
            };
            if (value is not null && !ReferenceEquals(value, name) && IsPerRun(value, stores, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    // A connection string is followed to where it was set (a fixture property assigned from the
    // container); other values (client settings built from it) are judged by what they are made of.
    private static bool IsPerRun(IOperation value, InMemoryStores stores, CancellationToken cancellationToken)
    {
        if (value.Type?.SpecialType == SpecialType.System_String)
        {
            foreach (var text in FlowEngine.TextsOf(value, cancellationToken))
            {
                if (text.IsPerRun)
                {
                    return true;
                }
            }

            return false;
        }

        return HoleKinds.Of(value, cancellationToken) is FlowText.PerRunServerHole or FlowText.RunUniqueHole ||
               stores.IsPrivateToRun(value, cancellationToken);
    }

    // The lambda (DocumentStore.For(opts => …)) or object initializer (new DocumentStore { … })
    // the setting is made in; a plain statement has no sibling settings to look at.
    private static IOperation? ConfigurationScope(IOperation sink)
    {
        for (var current = sink.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                // new PostgreSqlStorage(cs, new PostgreSqlStorageOptions { SchemaName = "x" }): the
                // call the options are handed to holds the connection string.
                case IObjectOrCollectionInitializerOperation { Parent: { Parent: IArgumentOperation { Parent: { } call } } }
                    when call is IInvocationOperation or IObjectCreationOperation:
                    return call;
                case IObjectOrCollectionInitializerOperation { Parent: { Parent: IConversionOperation { Parent: IArgumentOperation { Parent: { } call } } } }
                    when call is IInvocationOperation or IObjectCreationOperation:
                    return call;
                case IAnonymousFunctionOperation or IObjectOrCollectionInitializerOperation:
                    return current;
                case IMethodBodyBaseOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter &&
                argument.ArgumentKind != ArgumentKind.DefaultValue &&
                parameter.Name.Equals(parameterName, StringComparison.Ordinal))
            {
                return argument.Value;
            }
        }

        return null;
    }

    // Wolverine names it schemaName (PostgreSQL) or schema (SQL Server).
    private static IOperation? SchemaArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments) =>
        Argument(arguments, "schemaName") ?? Argument(arguments, "schema");
}
