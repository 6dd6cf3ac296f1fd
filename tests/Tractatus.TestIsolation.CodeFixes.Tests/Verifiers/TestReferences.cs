using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;

/// <summary>
/// Metadata references for test sources, offline: the .NET 10 reference assemblies (the libraries resolve their net10.0 builds here) from
/// Basic.Reference.Assemblies, and the real libraries (driver, xUnit, this repository's runtime)
/// loaded from this test project's own dependencies.
/// </summary>
public static class TestReferences
{
    public static ImmutableArray<MetadataReference> Framework { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    public static ImmutableArray<MetadataReference> MongoDB { get; } = From(
        typeof(global::MongoDB.Driver.IMongoClient),
        typeof(global::MongoDB.Bson.BsonDocument));

    public static ImmutableArray<MetadataReference> Npgsql { get; } = From(typeof(global::Npgsql.NpgsqlConnection));

    /// <summary>xUnit v2 (xunit.core, xunit.assert, xunit.abstractions).</summary>
    public static ImmutableArray<MetadataReference> Xunit { get; } = From(
        typeof(global::Xunit.FactAttribute),
        typeof(global::Xunit.Assert),
        typeof(global::Xunit.Abstractions.ITestOutputHelper));

    /// <summary>Tractatus.TestIsolation: TestSession, SharedStateFile, DatabaseNameRules.</summary>
    public static ImmutableArray<MetadataReference> Runtime { get; } = From(typeof(global::Tractatus.TestIsolation.TestSession));

    /// <summary>Tractatus.TestIsolation.Xunit: SessionIsolatedFixture.</summary>
    public static ImmutableArray<MetadataReference> RuntimeXunit { get; } = From(typeof(global::Tractatus.TestIsolation.Xunit.SessionIsolatedFixture));

    private static ImmutableArray<MetadataReference> From(params Type[] types) =>
        types.Select(t => t.Assembly.Location).Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
