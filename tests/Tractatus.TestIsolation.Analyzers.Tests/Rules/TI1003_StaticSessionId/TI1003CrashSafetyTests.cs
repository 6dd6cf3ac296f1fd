using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI1003 on incomplete code; none of it may make the analyzer throw.</summary>
public class TI1003CrashSafetyTests
{
    public static TheoryData<string> Sources { get; } = new()
    {
        "public class S { public string SessionId { get; set; } = }",
        "public class S { const string SessionId = ; }",
        "public class S { const string SessionId = \"a\" + ; }",
        "public class S { public string SessionId => ; }",
        "public class S { public string SessionId => \"x\" }",
        "public class S { public string SessionId { get => ; } }",
        "SessionId = \"top-level\";",
        "public class S { void M() { new Unknown { SessionId = \"x\" }; } }",
        "public class S { void M() { Unknown.SessionId = \"x\"; } }",
        "public class S { static string SessionId; void M() => this.SessionId = \"x\"; }",
        "public class S { string SessionId = (string)123; }",
        "public class S { string this[string k] { get => k; set { } } void M() { this[\"SessionId\"] = \"x\"; } }",
        "public class S { [Unknown(\"session_id\")] public string SessionId = \"2025\"",
        "public partial class S { public partial string SessionId { get; set; } }",
        "public class S { public string SessionId, ParentSessionId = \"a\", ; }",
        "public class S { string SessionId = \"\\u", // unterminated string
        "public class S { string SessionId = @\"", // unterminated verbatim string
        "public class S { string SessionId = \"\"\"\n raw",
        "public class S { event System.Action SessionId = \"x\"; }",
        "public enum E { SessionId = \"x\" }",
        "public record R(string SessionId = \"x\") { public string ParentSessionId { get; init; } = ; }",
        "public class S { void M(S s) { s = s with { SessionId = \"x\" }; } }",
        "public class S { void M() { (SessionId, var x) = (\"a\", 1); } string SessionId; }",
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Half_typed_code_does_not_throw(string source)
    {
        var run = await AnalyzerRunner.RunAsync(
            [AnalyzerRunner.Parse(source)],
            AnalyzerVerifier<StaticSessionIdAnalyzer>.ReferencesFor(TestProject.NonTest),
            [new StaticSessionIdAnalyzer()]);

        run.ShouldHaveNoAnalyzerExceptions();
    }

    [Fact]
    public async Task A_complete_declaration_next_to_broken_code_is_still_reported()
    {
        var run = await AnalyzerRunner.RunAsync(
            [AnalyzerRunner.Parse("public class S { const string SessionId = \"2025-10-07-001\"; string Broken = ; void M( }")],
            AnalyzerVerifier<StaticSessionIdAnalyzer>.ReferencesFor(TestProject.NonTest),
            [new StaticSessionIdAnalyzer()]);

        run.ShouldHaveNoAnalyzerExceptions();
        run.Diagnostics.Count(d => d.Id == DiagnosticIds.StaticSessionId).ShouldBe(1);
    }
}
