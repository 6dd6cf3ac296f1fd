using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>Half-typed code the shared-state rules meet while someone is typing; none may throw.</summary>
public static class SharedStateCrashSources
{
    private const string Header = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Tractatus.TestIsolation;

        """;

    /// <summary>Each case: a member body that does not compile.</summary>
    public static TheoryData<string> Bodies { get; } = new()
    {
        "File.WriteAllText(",
        "File.WriteAllText(\".claude/state.json\"",
        "File.WriteAllText(, \"x\");",
        "File.WriteAllText(path: , contents: \"x\");",
        "File.WriteAllText(contents: \"x\", path: \".claude/state.json\");",
        "File.AppendAllLines(\".claude/history.json\", );",
        "var s = File.ReadAllText(p) File.WriteAllText(p, s)",
        "var text = File.ReadAllText(\".claude/state.json\"); File.WriteAllText(\".claude/state.json\", text",
        "new FileStream(\".claude/state.json\", FileMode.",
        "new FileStream(\".claude/state.json\", (FileMode)99, (FileAccess)42, (FileShare)77);",
        "new FileStream(\".claude/state.json\", FileMode.Create, FileAccess.Write, FileShare.);",
        "new FileStream(\".claude/state.json\");",
        "new StreamWriter();",
        "new StreamWriter(Path.Combine(, \".claude\", ));",
        "new StreamReader(\".claude/state.json\", ); new StreamWriter(\".claude/state.json\"",
        "File.Open(unknownPath, unknownMode);",
        "File.Open(\".claude/state.json\", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096);",
        "File.WriteAllText(Path.Combine(), \"\");",
        "File.WriteAllText(Path.Combine(new string[0]), \"\");",
        "File.WriteAllText(Path.Combine(null, \".claude\", \"x.json\"), \"\");",
        "File.WriteAllText($\"{}/.claude/state.json\", \"\");",
        "File.WriteAllText($\"{root,10:x}/.claude/state.json\", \"\");",
        "File.WriteAllText(\".claude/\" + + \"state.json\", \"\");",
        "var p = p; File.WriteAllText(p, File.ReadAllText(p));",
        "string q; File.WriteAllText(q, \"\"); q = \".claude/state.json\";",
        "File.WriteAllText(Cycle.A, File.ReadAllText(Cycle.A));",
        "using (var gate = new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.) { File.WriteAllText(\".claude/state.json\", \"\"); }",
        "using var gate = ; File.WriteAllText(\".claude/state.json\", \"\");",
        "lock () { File.WriteAllText(\".claude/state.json\", File.ReadAllText(\".claude/state.json\")); }",
        "mutex.WaitOne(; File.WriteAllText(\".claude/state.json\", \"\"); mutex.ReleaseMutex();",
        "Monitor.Enter(); Monitor.Exit(); SemaphoreSlim s = null; s.Wait(; File.WriteAllText(\".claude/state.json\", \"\");",
        "SharedStateFile.UpdateText(p, t => { var o = File.ReadAllText(p); File.WriteAllText(p, ",
        "SharedStateFile.Update<>(p, );",
        "Func<string> f = () => File.ReadAllText(p); File.WriteAllText(p, f(); ",
        "void Local() { File.WriteAllText(\".claude/state.json\", File.ReadAllText(\".claude/state.json\")) } Local(",
        "switch (x) { case : File.ReadAllText(p); default File.WriteAllText(p, \"\"); }",
        "if (File.ReadAllText(p) is var t) return; else File.WriteAllText(p, t);",
        "return File.ReadAllText(p) ?? throw; File.WriteAllText(p, \"\");",
        "await File.WriteAllTextAsync(Path.GetFullPath(), default);",
        "File.WriteAllText(this.Missing.Path, File.ReadAllText(this.Missing.Path));",
        "System.IO.File.WriteAllText<int>(\".claude/state.json\", 1);",
        "File.@WriteAllText(\"\\u0001/.claude/state.json\", \"\");",
        "File.WriteAllText(\".claude/state.json\"u8, \"\");",
    };

    /// <summary>Wraps a body in a class with the helpers the cases refer to.</summary>
    public static string InClass(string body) => Header + $$"""
        public static class Cycle
        {
            public static readonly string A = B + "/state.json";
            public static readonly string B = A;
        }

        public class Tool
        {
            private readonly Mutex mutex = new(false, "Global\\x");
            private readonly string p = ".claude/state.json";

            public async Task Run(string root, int x)
            {
                {{body}}
            }
        }
        """ + SharedStateTestSources.SharedStateFile;

    public static async Task ShouldNotThrowAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var references = AnalyzerVerifier<UnlockedSharedStateWriteAnalyzer>.ReferencesFor(TestProject.NonTest);
        var run = await AnalyzerRunner.RunAsync([AnalyzerRunner.Parse(source)], references, [analyzer]);
        run.ShouldHaveNoAnalyzerExceptions();
    }
}

/// <summary>TI2001 on incomplete code.</summary>
public class TI2001CrashSafetyTests
{
    [Theory]
    [MemberData(nameof(SharedStateCrashSources.Bodies), MemberType = typeof(SharedStateCrashSources))]
    public Task Half_typed_code_does_not_throw(string body) =>
        SharedStateCrashSources.ShouldNotThrowAsync(new UnlockedSharedStateWriteAnalyzer(), SharedStateCrashSources.InClass(body));

    [Fact]
    public async Task A_complete_write_next_to_broken_code_is_still_reported()
    {
        var source = SharedStateCrashSources.InClass("File.WriteAllText(\".claude/state.json\", \"{}\"); File.WriteAllText(");
        var run = await AnalyzerRunner.RunAsync(
            [AnalyzerRunner.Parse(source)],
            AnalyzerVerifier<UnlockedSharedStateWriteAnalyzer>.ReferencesFor(TestProject.NonTest),
            [new UnlockedSharedStateWriteAnalyzer()]);

        run.ShouldHaveNoAnalyzerExceptions();
        run.Diagnostics.Count(d => d.Id == DiagnosticIds.UnlockedSharedStateWrite).ShouldBe(1);
    }
}

/// <summary>TI2002 on incomplete code.</summary>
public class TI2002CrashSafetyTests
{
    [Theory]
    [MemberData(nameof(SharedStateCrashSources.Bodies), MemberType = typeof(SharedStateCrashSources))]
    public Task Half_typed_code_does_not_throw(string body) =>
        SharedStateCrashSources.ShouldNotThrowAsync(new UnlockedReadModifyWriteAnalyzer(), SharedStateCrashSources.InClass(body));

    [Fact]
    public async Task A_complete_sequence_next_to_broken_code_is_still_reported()
    {
        var source = SharedStateCrashSources.InClass("var t = File.ReadAllText(root); File.WriteAllText(root, t + \"x\"); new StreamWriter(");
        var run = await AnalyzerRunner.RunAsync(
            [AnalyzerRunner.Parse(source)],
            AnalyzerVerifier<UnlockedReadModifyWriteAnalyzer>.ReferencesFor(TestProject.NonTest),
            [new UnlockedReadModifyWriteAnalyzer()]);

        run.ShouldHaveNoAnalyzerExceptions();
        run.Diagnostics.Count(d => d.Id == DiagnosticIds.UnlockedReadModifyWrite).ShouldBe(1);
    }
}
