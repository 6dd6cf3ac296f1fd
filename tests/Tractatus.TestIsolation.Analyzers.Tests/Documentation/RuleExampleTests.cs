using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Tests.Packaging;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Documentation;

/// <summary>
/// The examples on the rule pages are compiled and analyzed, so the docs cannot drift from the
/// analyzers: in a flagged example each line gets exactly the rules its comment names (a line whose
/// comment names none gets none), every warning the page quotes is one those examples produce, and a
/// fixed example gets no TI diagnostic at all. Examples must
/// compile, against the real MongoDB.Driver and xUnit metadata and a small stand-in for the runtime
/// API (the rules recognise the runtime by metadata name, so the stand-in is enough).
/// </summary>
public sealed class RuleExampleTests
{
    public static TheoryData<string> RuleIds => new(Descriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Flagged_examples_report_exactly_the_rules_their_comments_name(string id)
    {
        var page = RulePage.Load(id);
        page.Flagged.ShouldNotBeEmpty($"docs/rules/{id}.md has no flagged example (a csharp block in '## Example' before 'Fixed').");

        var reportedRules = new HashSet<string>(StringComparer.Ordinal);
        var messages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (block, index) in page.Flagged.Select((b, i) => (b, i)))
        {
            var diagnostics = await AnalyzeAsync(block, page.IsTestCode, $"docs/rules/{id}.md flagged example {index + 1}");
            var lines = block.Split('\n');
            var mismatches = new List<string>();
            for (var line = 0; line < lines.Length; line++)
            {
                var expected = ExpectedRules(lines[line]);
                var actual = diagnostics.Where(d => d.Location.GetLineSpan().StartLinePosition.Line == line).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                if (!expected.SetEquals(actual))
                {
                    mismatches.Add($"line {line + 1} '{lines[line].Trim()}': comment names [{string.Join(", ", expected.Order())}], analyzers report [{string.Join(", ", actual.Order())}]");
                }
            }

            mismatches.ShouldBeEmpty($"docs/rules/{id}.md flagged example {index + 1} disagrees with the analyzers:\n{string.Join("\n", mismatches)}");
            reportedRules.UnionWith(diagnostics.Select(d => d.Id));
            messages.UnionWith(diagnostics.Select(d => $"warning {d.Id}: {d.GetMessage()}"));
        }

        reportedRules.ShouldContain(id, $"No flagged example on docs/rules/{id}.md shows {id} itself.");
        foreach (var shown in page.ShownWarnings)
        {
            messages.ShouldContain(
                shown,
                $"docs/rules/{id}.md shows a warning its flagged examples do not produce; the analyzers say:\n{string.Join("\n", messages.Order())}");
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Fixed_examples_report_nothing(string id)
    {
        var page = RulePage.Load(id);
        page.Fixed.ShouldNotBeEmpty($"docs/rules/{id}.md has no fixed example (a csharp block in '## Example' after 'Fixed').");

        foreach (var (block, index) in page.Fixed.Select((b, i) => (b, i)))
        {
            var diagnostics = await AnalyzeAsync(block, page.IsTestCode, $"docs/rules/{id}.md fixed example {index + 1}");
            diagnostics.Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}")
                .ShouldBeEmpty($"docs/rules/{id}.md fixed example {index + 1} still reports diagnostics.");
        }
    }

    // "// TI1001", "// TI1004 (and TI1001)", "// ... TI2002 (and TI2001)": every rule id in the line's comment.
    private static HashSet<string> ExpectedRules(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : Regex.Matches(line[comment..], @"\bTI\d{4}\b").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string example, bool testCode, string what)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(example, parse, path: "Example.cs"),
            CSharpSyntaxTree.ParseText(testCode ? TestUsings : CommonUsings, parse, path: "Usings.cs"),
            CSharpSyntaxTree.ParseText(RuntimeStandIn, parse, path: "Runtime.cs"),
            CSharpSyntaxTree.ParseText(testCode ? TestModels : ToolingModels, parse, path: "Models.cs"),
        };
        var references = TestReferences.Framework.AddRange(TestReferences.MongoDB);
        if (testCode)
        {
            references = references.AddRange(TestReferences.Xunit);
        }

        var compilation = CSharpCompilation.Create(
            "DocExample",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        errors.Select(d => d.ToString()).ShouldBeEmpty($"{what} does not compile; fix the example.");

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(RuleSet.Analyzers, options).GetAnalyzerDiagnosticsAsync();

        diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).ShouldBeEmpty($"An analyzer threw on {what}.");
        return diagnostics.Where(d => d.Location.SourceTree == trees[0] && d.Id.StartsWith("TI", StringComparison.Ordinal)).ToImmutableArray();
    }

    private const string CommonUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Text.Json;
        global using System.Threading.Tasks;
        """;

    private const string TestUsings = CommonUsings + """

        global using MongoDB.Bson;
        global using MongoDB.Driver;
        global using Xunit;
        """;

    private const string TestModels = """
        public sealed class Document
        {
            public ObjectId Id { get; set; }
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
        }
        """;

    private const string ToolingModels = """
        public sealed class SessionState
        {
            public int Messages { get; set; }
        }

        public sealed class Instruction
        {
            public string Text { get; set; } = "";
        }
        """;

    // The runtime API the fixed examples call, with the real namespaces and signatures.
    private const string RuntimeStandIn = """
        namespace Tractatus.TestIsolation
        {
            public sealed class DatabaseNameRules
            {
                public static DatabaseNameRules MongoDB { get; } = new DatabaseNameRules();
                public static DatabaseNameRules PostgreSql { get; } = new DatabaseNameRules();
            }

            public sealed class TestSession
            {
                public static TestSession Current { get; } = new TestSession();
                public string Id => "s";
                // Per-run values, like the real runtime (the analyzers follow helpers in source).
                public string Slug(string @base) => @base + "-" + System.Guid.NewGuid().ToString("N");
                public string Unique(string @base) => @base + "-" + System.Guid.NewGuid().ToString("N");
                public string DatabaseName(string prefix, DatabaseNameRules rules) => prefix + "_" + System.Guid.NewGuid().ToString("N");
            }

            public static class SharedStateFile
            {
                public static T Update<T>(string path, System.Func<T, T> transform) => transform(default!);
                public static string UpdateText(string path, System.Func<string, string> transform) => transform("");
            }
        }
        """;

    /// <summary>The csharp blocks of a rule page's "## Example" section, split at "Fixed".</summary>
    private sealed class RulePage
    {
        private static readonly Regex CodeBlock = new(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline);

        private static readonly Regex ShownWarning = new(@"^warning TI\d{4}: .*$", RegexOptions.Multiline);

        private RulePage(IReadOnlyList<string> flagged, IReadOnlyList<string> @fixed, bool isTestCode, IReadOnlyList<string> shownWarnings)
        {
            Flagged = flagged;
            Fixed = @fixed;
            IsTestCode = isTestCode;
            ShownWarnings = shownWarnings;
        }

        /// <summary>Build-output lines the page quotes ("warning TI1001: ..."), which must be real messages.</summary>
        public IReadOnlyList<string> ShownWarnings { get; }

        public IReadOnlyList<string> Flagged { get; }

        public IReadOnlyList<string> Fixed { get; }

        /// <summary>The page's "Applies to" row says test code: compile with xUnit referenced.</summary>
        public bool IsTestCode { get; }

        public static RulePage Load(string id)
        {
            var path = RepositoryRoot.Combine("docs", "rules", id + ".md");
            File.Exists(path).ShouldBeTrue($"docs/rules/{id}.md is missing.");
            var text = File.ReadAllText(path).Replace("\r\n", "\n");

            var start = text.IndexOf("\n## Example", StringComparison.Ordinal);
            start.ShouldBeGreaterThanOrEqualTo(0, $"docs/rules/{id}.md has no '## Example' section.");
            var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = end < 0 ? text[start..] : text[start..end];
            var split = section.IndexOf("\nFixed", StringComparison.Ordinal);
            split.ShouldBeGreaterThanOrEqualTo(0, $"docs/rules/{id}.md: the example section needs a paragraph starting with 'Fixed'.");

            static List<string> Blocks(string part) => CodeBlock.Matches(part).Select(m => m.Groups["code"].Value).ToList();

            var appliesTo = Regex.Match(text, @"^\| Applies to \| (?<value>[^|]*)\|", RegexOptions.Multiline).Groups["value"].Value.Trim();
            var isTestCode = appliesTo.StartsWith("test code", StringComparison.Ordinal);
            var shown = ShownWarning.Matches(section).Select(m => m.Value.TrimEnd()).ToList();
            return new RulePage(Blocks(section[..split]), Blocks(section[split..]), isTestCode, shown);
        }
    }
}
