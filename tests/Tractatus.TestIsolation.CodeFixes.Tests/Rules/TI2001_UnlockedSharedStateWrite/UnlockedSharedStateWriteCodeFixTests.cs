using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.UnlockedSharedStateWriteAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.UnlockedSharedStateWriteCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class UnlockedSharedStateWriteCodeFixTests
{
    [Fact]
    public async Task WriteAllText_goes_through_UpdateText_and_the_using_is_added()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                private const string Path = ".claude/session-state.json";

                public static void Save(string json)
                {
                    {|TI2001:File.WriteAllText(Path, json)|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class State
            {
                private const string Path = ".claude/session-state.json";

                public static void Save(string json)
                {
                    SharedStateFile.UpdateText(Path, _ => json);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling);
    }

    [Fact]
    public async Task AppendAllText_appends_to_the_current_text_under_the_lock()
    {
        const string source = """
            using System.IO;

            public static class Log
            {
                public static void Add(string line, string current)
                {
                    {|TI2001:File.AppendAllText(".claude/history.log", line + "\n")|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class Log
            {
                public static void Add(string line, string current)
                {
                    SharedStateFile.UpdateText(".claude/history.log", current2 => current2 + (line + "\n"));
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling);
    }

    [Fact]
    public async Task Async_write_keeps_await_and_cancellation_token()
    {
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public static class State
            {
                public static async Task SaveAsync(string json, CancellationToken cancellationToken)
                {
                    await {|TI2001:File.WriteAllTextAsync(".claude/session-state.json", json, cancellationToken)|}.ConfigureAwait(false);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Tractatus.TestIsolation;

            public static class State
            {
                public static async Task SaveAsync(string json, CancellationToken cancellationToken)
                {
                    await SharedStateFile.UpdateTextAsync(".claude/session-state.json", _ => json, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling);
    }

    [Fact]
    public async Task Write_after_a_read_of_the_same_file_gets_no_fix_because_only_the_whole_sequence_can_be_locked()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Touch(string path)
                {
                    var text = File.ReadAllText(".claude/session-state.json");
                    {|TI2001:File.WriteAllText(".claude/session-state.json", text + " ")|};
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling);
    }

    [Fact]
    public async Task Without_the_runtime_no_fix_is_offered()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Save(string json) => {|TI2001:File.WriteAllText(".claude/session-state.json", json)|};
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Libraries);
    }

    [Fact]
    public async Task Fix_all_in_document_rewrites_every_write()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Save(string a, string b)
                {
                    {|TI2001:File.WriteAllText(".claude/a-state.json", a)|};
                    {|TI2001:File.WriteAllText(".claude/b-state.json", b)|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class State
            {
                public static void Save(string a, string b)
                {
                    SharedStateFile.UpdateText(".claude/a-state.json", _ => a);
                    SharedStateFile.UpdateText(".claude/b-state.json", _ => b);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling);
    }

    [Fact]
    public async Task Fix_all_in_project_rewrites_both_documents()
    {
        const string first = """
            using System.IO;

            public static class A
            {
                public static void Save(string json) => {|TI2001:File.WriteAllText(".claude/a-state.json", json)|};
            }
            """;
        const string second = """
            using System.IO;

            public static class B
            {
                public static void Save(string json) => {|TI2001:File.WriteAllText(".claude/b-state.json", json)|};
            }
            """;
        const string firstFixed = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class A
            {
                public static void Save(string json) => SharedStateFile.UpdateText(".claude/a-state.json", _ => json);
            }
            """;
        const string secondFixed = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class B
            {
                public static void Save(string json) => SharedStateFile.UpdateText(".claude/b-state.json", _ => json);
            }
            """;

        var test = Verify.Create(TestProject.Tooling);
        test.TestState.Sources.Add(("/0/A.cs", first));
        test.TestState.Sources.Add(("/0/B.cs", second));
        test.FixedState.Sources.Add(("/0/A.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/B.cs", secondFixed));
        await test.RunAsync();
    }

    [Fact]
    public async Task StreamWriter_gets_no_fix()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Save(string json)
                {
                    using var writer = {|TI2001:new StreamWriter(".claude/session-state.json")|};
                    writer.Write(json);
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling);
    }
}
