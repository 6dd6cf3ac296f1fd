using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

/// <summary>
/// Metadata references for test sources, offline: the .NET 10 reference assemblies from
/// Basic.Reference.Assemblies and the real libraries (drivers, test frameworks, this repository's
/// runtime) loaded from this project's own dependencies.
/// </summary>
public static class TestReferences
{
    /// <summary>
    /// .NET 10 framework reference assemblies: EF Core 10 (lib/net10.0 only) binds to System.Runtime
    /// 10, so with older references every source using it fails with CS1705.
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

    /// <summary>Every library above: what any project, test or not, compiles against.</summary>
    public static ImmutableArray<MetadataReference> Libraries { get; } =
        MongoDB.AddRange(AdoNet).AddRange(Dapper).AddRange(EntityFrameworkCore);

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

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyRuntime = new(() => Loaded("Tractatus.TestIsolation"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyRuntimeXunit = new(() => Loaded("Tractatus.TestIsolation.Xunit"));

    /// <summary>Tractatus.TestIsolation: TestSession, SharedStateFile, DatabaseNameRules.</summary>
    public static ImmutableArray<MetadataReference> Runtime => LazyRuntime.Value;

    /// <summary>Tractatus.TestIsolation.Xunit: SessionIsolatedFixture.</summary>
    public static ImmutableArray<MetadataReference> RuntimeXunit => LazyRuntimeXunit.Value;

    /// <summary>What a source of the given kind of project compiles against.</summary>
    public static ImmutableArray<MetadataReference> For(TestProject project)
    {
        var references = Framework.AddRange(Libraries);
        references = Add(references, project, TestProject.Xunit, () => Xunit);
        references = Add(references, project, TestProject.NUnit, () => NUnit);
        references = Add(references, project, TestProject.MSTest, () => MSTest);
        references = Add(references, project, TestProject.Runtime, () => Runtime);
        return Add(references, project, TestProject.RuntimeXunit, () => RuntimeXunit);
    }

    // The runtime references are read only when asked for: projects without the runtime never load it.
    private static ImmutableArray<MetadataReference> Add(
        ImmutableArray<MetadataReference> references, TestProject project, TestProject flag, Func<ImmutableArray<MetadataReference>> more) =>
        project.HasFlag(flag) ? references.AddRange(more()) : references;

    private static ImmutableArray<MetadataReference> Loaded(string assemblyName)
    {
        try
        {
            return [MetadataReference.CreateFromFile(System.Reflection.Assembly.Load(assemblyName).Location)];
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException(
                $"TestProject.Runtime/RuntimeXunit need {assemblyName}.dll next to the tests: add a ProjectReference to src/{assemblyName} in this test project.", e);
        }
    }

    private static ImmutableArray<MetadataReference> From(params Type[] types) =>
        types.Select(t => t.Assembly.Location).Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
