using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.CodeFixes.Rules;
using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Infrastructure;

/// <summary>
/// What <c>dotnet format analyzers</c> does: rule after rule, analyze the current solution, run the
/// rule's Fix All in solution scope, continue from its result. Each rule's fixes must survive the
/// rules fixed after it, in either order.
/// </summary>
public class SequentialFixAllTests
{
    private const string Fixture = """
        using System;
        using MongoDB.Driver;

        public sealed class Doc { public string Slug { get; set; } = ""; }

        public sealed class DocFixture : IDisposable
        {
            public DocFixture(IMongoClient client)
            {
                Docs = client.GetDatabase("tractatus_test").GetCollection<Doc>("docs");
                Docs.InsertOne(new Doc { Slug = "seeded-doc" });
            }

            public IMongoCollection<Doc> Docs { get; }

            public void Dispose() => Docs.DeleteOne(d => d.Slug == "seeded-doc");
        }
        """;

    private const string Tests = """
        using MongoDB.Driver;

        public class DocTests(DocFixture fixture)
        {
            [Xunit.Fact]
            public void Finds() => Xunit.Assert.NotNull(fixture.Docs.Find(d => d.Slug == "seeded-doc").FirstOrDefault());
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Slug_and_database_name_fixes_applied_rule_after_rule_leave_no_diagnostic_and_one_slug_value(bool slugFirst)
    {
        var solution = CreateSolution();
        var steps = new (DiagnosticAnalyzer, CodeFixProvider)[]
        {
            (new FixedTestDataIdentifierAnalyzer(), new FixedTestDataIdentifierCodeFix()),
            (new HardCodedDatabaseNameAnalyzer(), new HardCodedDatabaseNameCodeFix()),
        };
        if (!slugFirst)
        {
            Array.Reverse(steps);
        }

        foreach (var (analyzer, fix) in steps)
        {
            solution = await FixAllAsync(solution, analyzer, fix);
        }

        var texts = string.Join("\n", solution.Projects.Single().Documents.Select(d => d.GetTextAsync().Result.ToString()));
        texts.ShouldContain("TestSession.Current.DatabaseName(\"tractatus_test\", DatabaseNameRules.MongoDB)");

        // The slug is either rewritten everywhere (one field holds it) or, when the database fix made
        // TI1001 moot, nowhere: never an insert and a filter with different values.
        var literals = CountOf(texts, "\"seeded-doc\"");
        if (literals == 1)
        {
            texts.ShouldContain("Docs.InsertOne(new Doc { Slug = SeededDocSlug });");
            texts.ShouldContain("d.Slug == SeededDocSlug");
            texts.ShouldContain("d.Slug == DocFixture.SeededDocSlug");
        }
        else
        {
            literals.ShouldBe(3, texts);
        }

        foreach (var analyzer in steps.Select(s => s.Item1))
        {
            var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
            (await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync()).ShouldBeEmpty();
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static Solution CreateSolution()
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Tests", "Tests", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: CodeFixVerifier<FixedTestDataIdentifierAnalyzer, FixedTestDataIdentifierCodeFix>.ReferencesFor(TestProject.IsolatedTests)))
            .AddDocument(DocumentId.CreateNewId(projectId), "DocFixture.cs", Fixture, filePath: "/src/DocFixture.cs")
            .AddDocument(DocumentId.CreateNewId(projectId), "DocTests.cs", Tests, filePath: "/src/DocTests.cs");
        return solution;
    }

    private static async Task<Solution> FixAllAsync(Solution solution, DiagnosticAnalyzer analyzer, CodeFixProvider fix)
    {
        var project = solution.Projects.Single();
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
        if (diagnostics.IsEmpty)
        {
            // An earlier fix can make a rule moot (slugs in a per-session database do not collide).
            return solution;
        }

        var document = solution.GetDocument(diagnostics[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fix, FixAllScope.Solution, null!, fix.FixableDiagnosticIds, new Provider(project, diagnostics), CancellationToken.None);
        var action = (await fix.GetFixAllProvider()!.GetFixAsync(context))!;
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Hands out diagnostics computed up front, keyed by project, as dotnet format does.</summary>
    private sealed class Provider(Project project, ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project p, CancellationToken cancellationToken) => GetProjectDiagnosticsAsync(p, cancellationToken);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            (await GetProjectDiagnosticsAsync(document.Project, cancellationToken)).Where(d => d.Location.SourceTree?.FilePath == document.FilePath);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project p, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(p == project ? diagnostics : []);
    }
}
