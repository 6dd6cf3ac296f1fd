using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MongoDB.Driver;
using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Xunit;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>
/// The README's provider examples (the MongoDB and PostgreSQL fixtures, listing and sweeping from code), taken from
/// README.md itself and compiled as a user would paste them into an xUnit v2 test project. The framework quick starts
/// are checked against their sample files by ReadmeRuntimeSnippetTests, and the shared-state examples are compiled and
/// run by ReadmeSnippetTests.
/// </summary>
public sealed class ReadmeProviderSnippetTests
{
    // What a test project's ImplicitUsings gives; every snippet brings its own `using` for the rest.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly string[] Markers =
    [
        "SessionIsolatedFixture<MongoDatabaseProvider>",
        "SessionIsolatedFixture<PostgreSqlDatabaseProvider>",
        "LeaseSweeper.",
    ];

    [Fact]
    public void Every_provider_snippet_in_the_README_compiles_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var snippets = Regex.Matches(readme, @"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Where(block => !block.StartsWith("// samples/", StringComparison.Ordinal)) // a sample file, compiled where it lives
            .Where(block => Markers.Any(marker => block.Contains(marker, StringComparison.Ordinal)))
            .ToArray();

        foreach (var marker in Markers)
        {
            snippets.ShouldContain(block => block.Contains(marker, StringComparison.Ordinal), $"README.md has no C# block with {marker} any more; update this test.");
        }

        foreach (var snippet in snippets)
        {
            var errors = Compile(snippet);
            errors.ShouldBeEmpty($"this README snippet does not compile:\n{snippet}");
        }
    }

    private static string[] Compile(string snippet)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var topLevel = !snippet.Contains("class ", StringComparison.Ordinal);
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(snippet, parse)],
            [.. Net100.References.All, .. References()],
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
    }

    // The assemblies a project gets from the xUnit v2 package, the two provider packages and their drivers.
    private static IEnumerable<MetadataReference> References() =>
        new[]
        {
            typeof(FactAttribute), typeof(IAsyncLifetime), typeof(SessionIsolatedFixture), typeof(TestSession),
            typeof(MongoDatabaseProvider), typeof(IMongoDatabase), typeof(global::MongoDB.Bson.BsonDocument), typeof(MongoClient),
            typeof(PostgreSqlDatabaseProvider), typeof(NpgsqlConnection),
        }
        .Select(type => type.Assembly.Location)
        .Distinct()
        .Select(location => MetadataReference.CreateFromFile(location));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tractatus.TestIsolation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tractatus.TestIsolation.sln above {AppContext.BaseDirectory}.");
    }
}
