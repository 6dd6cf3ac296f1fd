using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>
/// Metadata references for test sources: the .NET 10 reference assemblies from
/// Basic.Reference.Assemblies (no download at test time) and the real libraries whose APIs the
/// rules recognise, loaded from this test project's own dependencies.
/// </summary>
public static class TestReferences
{
    /// <summary>
    /// .NET 10 framework reference assemblies: EF Core 10 (lib/net10.0 only) binds to System.Runtime
    /// 10, so with .NET 8 references every source using it fails with CS1705.
    /// </summary>
    public static ImmutableArray<MetadataReference> Framework { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>MongoDB.Driver and MongoDB.Bson.</summary>
    public static ImmutableArray<MetadataReference> MongoDB { get; } = From(
        typeof(global::MongoDB.Driver.IMongoClient),
        typeof(global::MongoDB.Bson.BsonDocument));

    /// <summary>Npgsql and Microsoft.Data.Sqlite.</summary>
    public static ImmutableArray<MetadataReference> AdoNet { get; } = From(
        typeof(global::Npgsql.NpgsqlConnection),
        typeof(global::Microsoft.Data.Sqlite.SqliteConnection));

    /// <summary>Dapper.</summary>
    public static ImmutableArray<MetadataReference> Dapper { get; } = From(typeof(global::Dapper.SqlMapper));

    /// <summary>EF Core.</summary>
    public static ImmutableArray<MetadataReference> EntityFrameworkCore { get; } = From(typeof(global::Microsoft.EntityFrameworkCore.DbContext));

    /// <summary>xUnit v2 (xunit.core, xunit.assert, xunit.abstractions).</summary>
    public static ImmutableArray<MetadataReference> Xunit { get; } = From(
        typeof(global::Xunit.FactAttribute),
        typeof(global::Xunit.Assert),
        typeof(global::Xunit.Abstractions.ITestOutputHelper));

    /// <summary>NUnit.</summary>
    public static ImmutableArray<MetadataReference> NUnit { get; } = From(typeof(global::NUnit.Framework.TestAttribute));

    /// <summary>MSTest.</summary>
    public static ImmutableArray<MetadataReference> MSTest { get; } = From(
        typeof(global::Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute));

    /// <summary>Every library above except the test frameworks: what production code may reference.</summary>
    public static ImmutableArray<MetadataReference> Libraries { get; } =
        MongoDB.AddRange(AdoNet).AddRange(Dapper).AddRange(EntityFrameworkCore);

    private static ImmutableArray<MetadataReference> From(params Type[] types) =>
        types.Select(t => t.Assembly.Location).Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
