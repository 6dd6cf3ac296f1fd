using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;

/// <summary>
/// Runs every shipped analyzer over this repository's own sources and test sources: real code of
/// every shape the team writes, some of it (test sources that quote C#, half-finished files on a
/// branch) far from what the rule tests feed in. No analyzer may throw on any of it.
/// </summary>
public class RepositorySelfAnalysisTests(ITestOutputHelper output)
{
    private const string TestCodeKey = "tractatus_isolation.test_code";

    // What the SDK adds with ImplicitUsings=enable (Directory.Build.props turns it on).
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    [Fact]
    public async Task Analyzers_run_over_the_repository_without_an_exception()
    {
        var root = FindRepositoryRoot();
        var trees = SourceFiles(root)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, Path.Combine(root, "obj", "ImplicitUsings.g.cs")))
            .ToList();
        var analyzers = AnalyzerRunner.AllShippedAnalyzers();

        // The rules this suite is about must be among the ones found; the others come and go with the catalog.
        analyzers.Select(a => a.GetType().Name).ShouldContain("StaticSessionIdAnalyzer");
        analyzers.Select(a => a.GetType().Name).ShouldContain("UnlockedSharedStateWriteAnalyzer");
        analyzers.Select(a => a.GetType().Name).ShouldContain("UnlockedReadModifyWriteAnalyzer");
        trees.Count.ShouldBeGreaterThan(20, $"expected the repository's sources under {root}");

        // src/ is production and tooling code, tests/ is test code: each rule sees the files it is for.
        var options = new PathOptionsProvider(path => new Dictionary<string, string>
        {
            [TestCodeKey] = IsUnder(root, "tests", path) ? "true" : "false",
        });
        var run = await AnalyzerRunner.RunAsync(trees, References(), analyzers, options);

        output.WriteLine($"{trees.Count} files, {analyzers.Length} analyzers: {string.Join(", ", analyzers.Select(a => a.GetType().Name))}");
        foreach (var diagnostic in run.Diagnostics.Where(d => d.Id.StartsWith("TI", StringComparison.Ordinal)))
        {
            output.WriteLine(diagnostic.ToString());
        }

        run.ShouldHaveNoAnalyzerExceptions();
    }

    private static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    private static ImmutableArray<MetadataReference> References()
    {
        var own = new[]
        {
            typeof(Compilation).Assembly,
            typeof(CSharpCompilation).Assembly,
            typeof(Microsoft.CodeAnalysis.Workspace).Assembly,
            typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions).Assembly,
            typeof(DiagnosticResult).Assembly,
            typeof(Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<,>).Assembly,
            typeof(ShouldBeTestExtensions).Assembly,
        };

        return TestReferences.Framework
            .AddRange(TestReferences.Libraries)
            .AddRange(TestReferences.Xunit)
            .AddRange(TestReferences.NUnit)
            .AddRange(TestReferences.MSTest)
            .AddRange(own.Select(a => a.Location).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        new[] { "src", "tests" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(root, path))
            .OrderBy(path => path, StringComparer.Ordinal);

    private static bool IsBuildOutput(string root, string path)
    {
        var segments = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segments.Any(segment => segment is "obj" or "bin");
    }

    private static bool IsUnder(string root, string folder, string path) =>
        Path.GetRelativePath(root, path).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tractatus.TestIsolation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Tractatus.TestIsolation.sln above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
