using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// The data-store APIs TI1001, TI1002 and TI1004 recognise, resolved once per compilation by
/// metadata name. A member is <c>null</c> when the compilation does not reference that library,
/// and the checks that need it do nothing.
/// </summary>
internal sealed class StoreSymbols
{
    // Libraries whose presence means each test run gets its own throw-away server, so fixed
    // names and identifiers cannot collide between runs.
    private static readonly ImmutableArray<string> EphemeralServerAssemblyPrefixes = ImmutableArray.Create(
        "Testcontainers", "Mongo2Go", "EphemeralMongo");

    // EF Core providers whose store is private to the process.
    private static readonly ImmutableHashSet<string> InProcessEfProviders = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "Microsoft.EntityFrameworkCore.InMemory", "Microsoft.EntityFrameworkCore.Sqlite");

    // EF Core providers that talk to a server other runs may share.
    private static readonly ImmutableHashSet<string> ServerEfProviders = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Npgsql.EntityFrameworkCore.PostgreSQL",
        "Microsoft.EntityFrameworkCore.SqlServer",
        "Pomelo.EntityFrameworkCore.MySql",
        "MySql.EntityFrameworkCore",
        "Oracle.EntityFrameworkCore",
        "Microsoft.EntityFrameworkCore.Cosmos",
        "MongoDB.EntityFrameworkCore");

    private StoreSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => TypeLookup.Find(compilation, name);

        MongoCollection = Get("MongoDB.Driver.IMongoCollection`1");
        MongoCollectionExtensions = Get("MongoDB.Driver.IMongoCollectionExtensions");
        MongoDatabase = Get("MongoDB.Driver.IMongoDatabase");
        MongoClientInterface = Get("MongoDB.Driver.IMongoClient");
        MongoClient = Get("MongoDB.Driver.MongoClient");
        MongoUrl = Get("MongoDB.Driver.MongoUrl");
        MongoUrlBuilder = Get("MongoDB.Driver.MongoUrlBuilder");
        MongoClientSettings = Get("MongoDB.Driver.MongoClientSettings");
        FilterDefinition = Get("MongoDB.Driver.FilterDefinition`1");
        FilterDefinitionBuilder = Get("MongoDB.Driver.FilterDefinitionBuilder`1");
        WriteModel = Get("MongoDB.Driver.WriteModel`1");
        UpdateDefinition = Get("MongoDB.Driver.UpdateDefinition`1");
        BsonDocument = Get("MongoDB.Bson.BsonDocument");
        BsonElement = Get("MongoDB.Bson.BsonElement");
        BsonString = Get("MongoDB.Bson.BsonString");
        BsonValue = Get("MongoDB.Bson.BsonValue");

        DbSet = Get("Microsoft.EntityFrameworkCore.DbSet`1");
        DbContext = Get("Microsoft.EntityFrameworkCore.DbContext");
        RelationalDatabaseFacadeExtensions = Get("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");

        SqlMapper = Get("Dapper.SqlMapper");
        DapperCommandDefinition = Get("Dapper.CommandDefinition");

        DbCommand = Get("System.Data.Common.DbCommand");
        DbParameterCollection = Get("System.Data.Common.DbParameterCollection");
        DbParameter = Get("System.Data.Common.DbParameter");
        DbBatchCommand = Get("System.Data.Common.DbBatchCommand");
        IDbCommand = Get("System.Data.IDbCommand");
        DbConnection = Get("System.Data.Common.DbConnection");
        IDbConnection = Get("System.Data.IDbConnection");
        DbConnectionStringBuilder = Get("System.Data.Common.DbConnectionStringBuilder");
        NpgsqlDataSource = Get("Npgsql.NpgsqlDataSource");
        NpgsqlDataSourceBuilder = Get("Npgsql.NpgsqlDataSourceBuilder");
        SqliteConnection = Get("Microsoft.Data.Sqlite.SqliteConnection");
        SqliteConnectionStringBuilder = Get("Microsoft.Data.Sqlite.SqliteConnectionStringBuilder");
        SystemDataSqliteConnection = Get("System.Data.SQLite.SQLiteConnection");
        SystemDataSqliteConnectionStringBuilder = Get("System.Data.SQLite.SQLiteConnectionStringBuilder");

        Expression1 = Get("System.Linq.Expressions.Expression`1");
        CancellationToken = Get("System.Threading.CancellationToken");
        KeyValuePair = Get("System.Collections.Generic.KeyValuePair`2");
        SqliteOptionsExtensions = Get("Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions");
        Enumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);

        var usesEphemeral = false;
        var inProcessEf = false;
        var serverEf = false;
        var sqliteEf = false;
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            foreach (var prefix in EphemeralServerAssemblyPrefixes)
            {
                usesEphemeral |= assembly.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            }

            inProcessEf |= InProcessEfProviders.Contains(assembly.Name);
            sqliteEf |= assembly.Name.Equals("Microsoft.EntityFrameworkCore.Sqlite", StringComparison.OrdinalIgnoreCase);
            serverEf |= ServerEfProviders.Contains(assembly.Name);
        }

        UsesEphemeralServers = usesEphemeral;
        EfStoreIsInProcess = inProcessEf && !serverEf;
        EfStoreIsInMemoryOnly = inProcessEf && !serverEf && !sqliteEf;
    }

    public INamedTypeSymbol? MongoCollection { get; }
    public INamedTypeSymbol? MongoCollectionExtensions { get; }
    public INamedTypeSymbol? MongoDatabase { get; }
    public INamedTypeSymbol? MongoClientInterface { get; }
    public INamedTypeSymbol? MongoClient { get; }
    public INamedTypeSymbol? MongoUrl { get; }
    public INamedTypeSymbol? MongoUrlBuilder { get; }
    public INamedTypeSymbol? MongoClientSettings { get; }
    public INamedTypeSymbol? FilterDefinition { get; }
    public INamedTypeSymbol? FilterDefinitionBuilder { get; }
    public INamedTypeSymbol? WriteModel { get; }
    public INamedTypeSymbol? UpdateDefinition { get; }
    public INamedTypeSymbol? BsonDocument { get; }
    public INamedTypeSymbol? BsonElement { get; }
    public INamedTypeSymbol? BsonString { get; }
    public INamedTypeSymbol? BsonValue { get; }
    public INamedTypeSymbol? DbSet { get; }
    public INamedTypeSymbol? DbContext { get; }
    public INamedTypeSymbol? RelationalDatabaseFacadeExtensions { get; }
    public INamedTypeSymbol? SqlMapper { get; }
    public INamedTypeSymbol? DapperCommandDefinition { get; }
    public INamedTypeSymbol? DbCommand { get; }
    public INamedTypeSymbol? DbBatchCommand { get; }
    public INamedTypeSymbol? DbParameterCollection { get; }
    public INamedTypeSymbol? DbParameter { get; }
    public INamedTypeSymbol? IDbCommand { get; }
    public INamedTypeSymbol? DbConnection { get; }
    public INamedTypeSymbol? IDbConnection { get; }
    public INamedTypeSymbol? DbConnectionStringBuilder { get; }
    public INamedTypeSymbol? NpgsqlDataSource { get; }
    public INamedTypeSymbol? NpgsqlDataSourceBuilder { get; }
    public INamedTypeSymbol? SqliteConnection { get; }
    public INamedTypeSymbol? SqliteConnectionStringBuilder { get; }
    public INamedTypeSymbol? SystemDataSqliteConnection { get; }
    public INamedTypeSymbol? SystemDataSqliteConnectionStringBuilder { get; }
    public INamedTypeSymbol? Expression1 { get; }
    public INamedTypeSymbol? Enumerable1 { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? KeyValuePair { get; }
    public INamedTypeSymbol? SqliteOptionsExtensions { get; }

    /// <summary>
    /// The compilation can start a private server per run (Testcontainers, Mongo2Go, ...). Stores are
    /// still decided one by one; this only says that a store of unknown origin may be such a server.
    /// </summary>
    public bool UsesEphemeralServers { get; }

    /// <summary>EF Core is only used with in-process stores (InMemory, SQLite), never a shared server.</summary>
    public bool EfStoreIsInProcess { get; }

    /// <summary>EF Core is only used with its InMemory provider: no SQLite file, no server.</summary>
    public bool EfStoreIsInMemoryOnly { get; }

    public bool HasMongo => MongoCollection is not null;

    public bool HasEntityFramework => DbContext is not null;

    public bool HasDapper => SqlMapper is not null;

    public bool HasAdoNet => DbCommand is not null || IDbCommand is not null;

    /// <summary>True when any store API the rules know is referenced.</summary>
    public bool HasAnyStore => HasMongo || HasEntityFramework || HasDapper || HasAdoNet;

    public static StoreSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>True when the method is declared by <c>IMongoCollection&lt;T&gt;</c> or its extension class.</summary>
    public bool IsMongoCollectionMethod(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        return type is not null && MongoCollection is not null &&
               (SymbolEqualityComparer.Default.Equals(type, MongoCollection) ||
                SymbolEqualityComparer.Default.Equals(type, MongoCollectionExtensions));
    }

    /// <summary>True when the method belongs to <c>IMongoClient</c> or a type implementing it.</summary>
    public bool IsMongoClientMethod(IMethodSymbol method) =>
        MongoClientInterface is not null && method.ContainingType is { } type && Implements(type, MongoClientInterface);

    /// <summary>True when the method belongs to <c>IMongoDatabase</c> or a type implementing it.</summary>
    public bool IsMongoDatabaseMethod(IMethodSymbol method) =>
        MongoDatabase is not null && method.ContainingType is { } type && Implements(type, MongoDatabase);

    public bool IsFilterBuilderMethod(IMethodSymbol method) =>
        IsDefinition(method.ContainingType, FilterDefinitionBuilder);

    /// <summary>True when connection strings given to this type or method's type are SQLite ones.</summary>
    public bool IsSqlite(ITypeSymbol? type) =>
        IsOrDerivesFrom(type, SqliteConnection) ||
        IsOrDerivesFrom(type, SqliteConnectionStringBuilder) ||
        IsOrDerivesFrom(type, SystemDataSqliteConnection) ||
        IsOrDerivesFrom(type, SystemDataSqliteConnectionStringBuilder) ||
        IsDefinition(type, SqliteOptionsExtensions);

    public bool IsBsonDocument(ITypeSymbol? type) => type is not null && IsOrDerivesFrom(type, BsonDocument);

    /// <summary>True when the type is <paramref name="target"/> itself (generic definitions compared).</summary>
    public static bool IsDefinition(ITypeSymbol? type, INamedTypeSymbol? target) =>
        type is not null && target is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target);

    /// <summary>True when the type is, derives from, or implements <paramref name="target"/>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (type is null || target is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        return target.TypeKind == TypeKind.Interface && Implements(type, target);
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol target) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target) || InterfacesOf(type).Contains(target);

    // A type's interfaces (generic definitions), listed once per type definition: AllInterfaces builds a new array
    // at every call, and constructed types (List<Order>, IMongoCollection<Doc>) are new objects in many places, so
    // only their definition is a stable key.
    private static readonly ConditionalWeakTable<ITypeSymbol, HashSet<ISymbol>> Interfaces = new();

    private static HashSet<ISymbol> InterfacesOf(ITypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (Interfaces.TryGetValue(definition, out var known))
        {
            return known;
        }

        var interfaces = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var candidate in definition.AllInterfaces)
        {
            interfaces.Add(candidate.OriginalDefinition);
        }

        return Interfaces.GetValue(definition, _ => interfaces);
    }
}
