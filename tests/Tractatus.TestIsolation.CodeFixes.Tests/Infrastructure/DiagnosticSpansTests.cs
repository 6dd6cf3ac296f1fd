using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Infrastructure;

/// <summary>
/// dotnet format hands a fixer diagnostics computed before earlier fixers edited the file; the
/// span must follow the code it points at, or be dropped when that code changed.
/// </summary>
public class DiagnosticSpansTests
{
    private const string Original = """
        class C
        {
            string a = "first";
            string b = "second";
        }
        """;

    [Fact]
    public void A_span_below_an_inserted_line_moves_with_its_line()
    {
        var (location, _) = LocationOf("\"second\"");
        var edited = CSharpSyntaxTree.ParseText("using System;\n" + Original.Replace("\"first\"", "\"first, longer\""));

        var mapped = DiagnosticSpans.InCurrent(location, edited);

        mapped.ShouldNotBeNull();
        edited.GetText().ToString(mapped.Value).ShouldBe("\"second\"");
        mapped.Value.Start.ShouldBeGreaterThan(location.SourceSpan.Start);
    }

    [Fact]
    public void A_span_whose_line_was_edited_is_dropped()
    {
        var (location, _) = LocationOf("\"second\"");
        var edited = CSharpSyntaxTree.ParseText(Original.Replace("string b = \"second\";", "string b = Make(\"second\");"));

        DiagnosticSpans.InCurrent(location, edited).ShouldBeNull();
    }

    [Fact]
    public void A_span_in_the_current_tree_is_returned_as_is()
    {
        var (location, tree) = LocationOf("\"first\"");

        DiagnosticSpans.InCurrent(location, tree).ShouldBe(location.SourceSpan);
    }

    private static (Location Location, SyntaxTree Tree) LocationOf(string text)
    {
        var tree = CSharpSyntaxTree.ParseText(Original);
        var start = Original.IndexOf(text, StringComparison.Ordinal);
        return (Location.Create(tree, new TextSpan(start, text.Length)), tree);
    }
}
