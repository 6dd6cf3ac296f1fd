using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers;
using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.UnlockedReadModifyWriteAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.UnlockedReadModifyWriteCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class UnlockedReadModifyWriteCodeFixTests
{
    /// <summary>TI2002 on the write (#0) with the read (#1) as additional location.</summary>
    private static DiagnosticResult Expected(int write = 0, int read = 1) =>
        new DiagnosticResult(Descriptors.UnlockedReadModifyWrite).WithLocation(write).WithLocation(read).WithArguments("path", "");

    [Fact]
    public async Task Read_statements_write_become_one_UpdateText_with_the_read_local_as_parameter()
    {
        const string source = """
            using System.IO;

            public static class Counter
            {
                public static void Increment(string path)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    var count = int.Parse(text);
                    count++;
                    {|#0:File.WriteAllText(path, count.ToString())|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class Counter
            {
                public static void Increment(string path)
                {
                    SharedStateFile.UpdateText(path, text =>
                    {
                        var count = int.Parse(text);
                        count++;
                        return count.ToString();
                    });
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task Json_append_with_the_read_inside_an_expression_and_a_local_used_after_the_write()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json;

            public sealed record Entry(string Text);

            public static class History
            {
                public const string RelativePath = ".claude/instruction-history.json";

                public static int Append(string root, string text)
                {
                    var path = Path.Combine(root, RelativePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);

                    var entries = File.Exists(path)
                        ? JsonSerializer.Deserialize<List<Entry>>({|#1:File.ReadAllText(path)|}) ?? new()
                        : new List<Entry>();
                    entries.Add(new Entry(text));
                    {|#0:File.WriteAllText(path, JsonSerializer.Serialize(entries))|};

                    return entries.Count;
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json;
            using Tractatus.TestIsolation;

            public sealed record Entry(string Text);

            public static class History
            {
                public const string RelativePath = ".claude/instruction-history.json";

                public static int Append(string root, string text)
                {
                    var path = Path.Combine(root, RelativePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);

                    List<Entry> entries = null!;
                    SharedStateFile.UpdateText(path, current =>
                    {
                        entries = File.Exists(path)
                            ? JsonSerializer.Deserialize<List<Entry>>(current) ?? new()
                            : new List<Entry>();
                        entries.Add(new Entry(text));
                        return JsonSerializer.Serialize(entries);
                    });

                    return entries.Count;
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task Async_read_and_write_become_awaited_UpdateTextAsync_with_the_token()
    {
        const string source = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public static class State
            {
                public static async Task MarkAsync(string path, CancellationToken cancellationToken)
                {
                    var text = await {|#1:File.ReadAllTextAsync(path, cancellationToken)|};
                    await {|#0:File.WriteAllTextAsync(path, text + "!", cancellationToken)|};
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
                public static async Task MarkAsync(string path, CancellationToken cancellationToken)
                {
                    await SharedStateFile.UpdateTextAsync(path, text => text + "!", cancellationToken: cancellationToken);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task Read_inside_the_write_becomes_the_transform()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Mark(string path) =>
                    {|#0:File.WriteAllText(path, {|#1:File.ReadAllText(path)|} + "!")|};

                public static void MarkTwice(string path)
                {
                    {|#2:File.WriteAllText(path, {|#3:File.ReadAllText(path)|} + "!!")|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class State
            {
                public static void Mark(string path) =>
                    {|#0:File.WriteAllText(path, {|#1:File.ReadAllText(path)|} + "!")|};

                public static void MarkTwice(string path)
                {
                    SharedStateFile.UpdateText(path, current => current + "!!");
                }
            }
            """;

        // The expression-bodied member has no statement to rewrite: no fix there, so it stays reported.
        var test = Verify.Create(TestProject.Tooling);
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(Expected());
        test.ExpectedDiagnostics.Add(Expected(2, 3));
        test.FixedState.ExpectedDiagnostics.Add(Expected());
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_when_the_code_between_returns()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Mark(string path)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    if (text.EndsWith("!"))
                    {
                        return;
                    }

                    {|#0:File.WriteAllText(path, text + "!")|};
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task No_fix_when_the_write_is_in_another_block_than_the_read()
    {
        const string source = """
            using System.IO;

            public static class State
            {
                public static void Mark(string path, bool really)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    if (really)
                    {
                        {|#0:File.WriteAllText(path, text + "!")|};
                    }
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task No_fix_when_the_code_between_awaits()
    {
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            public static class State
            {
                public static async Task MarkAsync(string path)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    await Task.Yield();
                    {|#0:File.WriteAllText(path, text + "!")|};
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling, Expected());
    }

    [Fact]
    public async Task Fix_all_in_project_rewrites_both_documents()
    {
        const string first = """
            using System.IO;

            public static class A
            {
                public static void Mark(string path)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    {|#0:File.WriteAllText(path, text + "a")|};
                }
            }
            """;
        const string second = """
            using System.IO;

            public static class B
            {
                public static void Mark(string path)
                {
                    var text = {|#3:File.ReadAllText(path)|};
                    {|#2:File.WriteAllText(path, text + "b")|};
                }
            }
            """;
        const string firstFixed = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class A
            {
                public static void Mark(string path)
                {
                    SharedStateFile.UpdateText(path, text => text + "a");
                }
            }
            """;
        const string secondFixed = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class B
            {
                public static void Mark(string path)
                {
                    SharedStateFile.UpdateText(path, text => text + "b");
                }
            }
            """;

        var test = Verify.Create(TestProject.Tooling);
        test.TestState.Sources.Add(("/0/A.cs", first));
        test.TestState.Sources.Add(("/0/B.cs", second));
        test.FixedState.Sources.Add(("/0/A.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/B.cs", secondFixed));
        test.ExpectedDiagnostics.Add(Expected());
        test.ExpectedDiagnostics.Add(Expected(2, 3));
        await test.RunAsync();
    }
}
