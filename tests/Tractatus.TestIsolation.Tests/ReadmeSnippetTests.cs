using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>The README's shared-state examples, taken from README.md itself, compiled and run as a user would paste them.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class ReadmeSnippetTests : IDisposable
{
    // What `dotnet new console` (ImplicitUsings) gives a user's project; the snippet brings its own `using Tractatus...`.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_shared_state_snippet_in_the_README_compiles_and_runs_as_written()
    {
        var snippets = CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")))
            .Where(block => block.Contains("SharedStateFile", StringComparison.Ordinal) || block.Contains("SessionStateDirectory", StringComparison.Ordinal))
            .ToArray();
        snippets.ShouldNotBeEmpty("README.md has no C# block about SharedStateFile or SessionStateDirectory any more; update this test.");

        for (var i = 0; i < snippets.Length; i++)
        {
            var assembly = Compile(snippets[i], _folder.File($"snippet{i}.dll"));
            var workingDirectory = Directory.CreateDirectory(_folder.File($"run{i}")).FullName;

            // Twice in one folder: the first run starts from missing files, the second updates what the first wrote.
            for (var run = 1; run <= 2; run++)
            {
                using var worker = WorkerProcess.Start("run-snippet", [assembly, workingDirectory]);
                var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(120));
                exit.ShouldBe(0, $"README snippet {i + 1}, run {run}:\n{snippets[i]}\n{worker.StandardOutput}{worker.StandardError}");
            }
        }
    }

    private static IEnumerable<string> CSharpBlocks(string markdown) =>
        Regex.Matches(markdown, @"^```csharp[ \t]*\r?\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline).Select(m => m.Groups[1].Value);

    private static string Compile(string snippet, string outputPath)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(outputPath),
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(snippet, parse)],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(SharedStateFile).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var result = compilation.Emit(outputPath);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        errors.ShouldBeEmpty($"README snippet does not compile:\n{snippet}");
        return outputPath;
    }

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
