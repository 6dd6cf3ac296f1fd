using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Tests.ValueFlow;

/// <summary>
/// Writes and calls are found from where the text spells a name: only whole identifiers count,
/// strings and comments do not, and each kind of write is recognised (the value engine treats a
/// variable with any write it cannot read a value from as unknown).
/// </summary>
public class NameOccurrencesTests
{
    private const string Source = """
        class C
        {
            string slug = "a";
            string slugs = "b";
            int count;

            void M(string other)
            {
                // slug = "in a comment";
                var text = "slug = in a string";
                slug = "x";
                this.slug = "y";
                (slug, other) = ("p", "q");
                count++;
                --count;
                Take(ref slug);
                Take(out slugs);
                var doc = new Doc();
                doc.Slug = "z";
                doc["key"] = "k";
                doc.Add("title", "t");
                docs.Add(doc);
                Take(ref slug!);
                var read = slug!;
                Helper();
                this.Helper();
                other?.Helper();
                HelperLater();
            }

            void Take(ref string value) { }
            void Take(out string value) { value = ""; }
            void Helper() { }
            void HelperLater() { }
        }
        """;

    private static readonly SyntaxNode Root = CSharpSyntaxTree.ParseText(Source).GetRoot();

    private static SyntaxNode Method(string name) =>
        Root.DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == name);

    private static List<string> Texts(IEnumerable<SyntaxNode> nodes) => nodes.Select(n => n.ToString()).ToList();

    [Fact]
    public void Every_kind_of_write_of_a_name_is_found_and_strings_comments_and_longer_words_are_not()
    {
        Texts(NameOccurrences.WritesTo(Method("M"), "slug", CancellationToken.None)).ShouldBe(
        [
            "slug = \"x\"",
            "this.slug = \"y\"",
            "(slug, other) = (\"p\", \"q\")",
            "ref slug",
            "ref slug!",
        ]);
    }

    [Fact]
    public void Increments_decrements_and_out_arguments_are_writes()
    {
        Texts(NameOccurrences.WritesTo(Method("M"), "count", CancellationToken.None)).ShouldBe(["count++", "--count"]);
        Texts(NameOccurrences.WritesTo(Method("M"), "slugs", CancellationToken.None)).ShouldBe(["out slugs"]);
    }

    [Fact]
    public void A_null_forgiving_read_is_not_a_write_and_a_field_initializer_is_a_declaration()
    {
        // `var read = slug!;` only reads, and `string slug = "a";` declares: over the whole class the
        // writes are those of M.
        NameOccurrences.WritesTo(Root, "slug", CancellationToken.None).Count().ShouldBe(5);
    }

    [Fact]
    public void Writes_into_what_a_local_holds_are_member_and_element_assignments_and_Add_or_Set_calls()
    {
        Texts(NameOccurrences.WritesInto(Method("M"), "doc", CancellationToken.None)).ShouldBe(
        [
            "doc.Slug = \"z\"",
            "doc[\"key\"] = \"k\"",
            "doc.Add(\"title\", \"t\")",
        ]);
    }

    [Fact]
    public void Invocations_of_a_name_include_member_and_conditional_calls_but_not_longer_names()
    {
        // In `other?.Helper()` the invocation is the `.Helper()` after the `?`.
        Texts(NameOccurrences.Invocations(Method("M"), "Helper", CancellationToken.None)).ShouldBe(
            ["Helper()", "this.Helper()", ".Helper()"]);
    }

    [Fact]
    public void Text_checks_look_inside_the_node_only()
    {
        var tree = Root.SyntaxTree;
        NameOccurrences.MayContain(tree, "HelperLater", CancellationToken.None).ShouldBeTrue();
        NameOccurrences.MayContain(Method("Take"), "HelperLater", CancellationToken.None).ShouldBeFalse();
        NameOccurrences.MayContain(tree, "??=", CancellationToken.None).ShouldBeFalse();
    }
}
