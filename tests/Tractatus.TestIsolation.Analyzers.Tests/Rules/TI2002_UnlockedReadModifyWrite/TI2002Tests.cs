using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI2002: read → modify → write of one file without a cross-process lock across both.</summary>
public class TI2002Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        SharedStateTestSources.VerifyAsync<UnlockedReadModifyWriteAnalyzer>(Usings + source, TestProject.NonTest, null, expected);

    private static Task Verify(string source, string editorConfig, params DiagnosticResult[] expected) =>
        SharedStateTestSources.VerifyAsync<UnlockedReadModifyWriteAnalyzer>(Usings + source, TestProject.NonTest, editorConfig, expected);

    /// <summary>Expects TI2002 on markup location <paramref name="write"/> with the read at <paramref name="read"/>.</summary>
    private static DiagnosticResult Rmw(string file, int write = 0, int read = 1, string note = "") =>
        new DiagnosticResult(Descriptors.UnlockedReadModifyWrite)
            .WithLocation(write)
            .WithLocation(read)
            .WithArguments(file, note);

    // ---- flagged ------------------------------------------------------------------------------

    [Fact]
    public async Task The_incident_helper_appending_to_instruction_history_is_flagged()
    {
        await Verify(
            """
            public static class InstructionHistory
            {
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Append(string instruction)
                {
                    var entries = JsonSerializer.Deserialize<List<string>>({|#1:File.ReadAllText(HistoryPath)|}) ?? new List<string>();
                    entries.Add(instruction);
                    {|#0:File.WriteAllText(HistoryPath, JsonSerializer.Serialize(entries))|};
                }
            }
            """,
            Rmw("HistoryPath"));
    }

    [Fact]
    public async Task A_path_parameter_read_and_written_back_is_flagged()
    {
        await Verify(
            """
            public static class Lines
            {
                public static void AppendUnique(string path, string line)
                {
                    var lines = {|#1:File.ReadAllLines(path)|}.ToList();
                    if (!lines.Contains(line))
                    {
                        lines.Add(line);
                    }

                    {|#0:File.WriteAllLines(path, lines)|};
                }
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task A_field_path_with_async_forms_is_flagged()
    {
        await Verify(
            """
            public sealed class Counters
            {
                private readonly string _statePath;

                public Counters(string stateFile) => _statePath = stateFile;

                public async Task IncrementAsync(CancellationToken cancellationToken)
                {
                    var text = await {|#1:File.ReadAllTextAsync(_statePath, cancellationToken)|};
                    var count = int.Parse(text) + 1;
                    await {|#0:File.WriteAllTextAsync(_statePath, count.ToString(), cancellationToken)|};
                }
            }
            """,
            Rmw("_statePath"));
    }

    [Fact]
    public async Task StreamReader_then_StreamWriter_on_a_combined_local_path_is_flagged()
    {
        await Verify(
            """
            public static class SessionState
            {
                public static void Bump(string root)
                {
                    var path = Path.Combine(root, ".claude", "session-state.json");
                    string content;
                    using (var reader = {|#1:new StreamReader(path)|})
                    {
                        content = reader.ReadToEnd();
                    }

                    using var writer = {|#0:new StreamWriter(path, append: false)|};
                    writer.Write(content.Replace("\"count\": 1", "\"count\": 2"));
                }
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task OpenRead_with_JSON_then_File_Create_is_flagged()
    {
        await Verify(
            """
            public sealed class State { public int Runs { get; set; } }

            public static class StateStore
            {
                private static readonly string StatePath = Path.Combine(AppContext.BaseDirectory, "runner-state.json");

                public static async Task RecordRunAsync()
                {
                    State state;
                    await using (var input = {|#1:File.OpenRead(StatePath)|})
                    {
                        state = await JsonSerializer.DeserializeAsync<State>(input) ?? new State();
                    }

                    state.Runs++;
                    await using var output = {|#0:File.Create(StatePath)|};
                    await JsonSerializer.SerializeAsync(output, state);
                }
            }
            """,
            Rmw("StatePath"));
    }

    [Fact]
    public async Task A_one_line_read_modify_write_is_flagged()
    {
        await Verify(
            """
            public static class Log
            {
                public static void Add(string path, string line) =>
                    {|#0:File.WriteAllText(path, {|#1:File.ReadAllText(path)|} + line)|};
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task The_same_constant_path_written_differently_is_one_file()
    {
        await Verify(
            """
            public static class History
            {
                private const string Folder = ".claude";
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Touch()
                {
                    var text = {|#1:File.ReadAllText(HistoryPath)|};
                    {|#0:File.WriteAllText(Folder + "/instruction-history.json", text.Trim())|};
                }
            }
            """,
            Rmw("Folder + \"/instruction-history.json\""));
    }

    [Fact]
    public async Task A_lock_statement_does_not_count_and_the_message_says_so()
    {
        await Verify(
            """
            public sealed class History
            {
                private readonly object _gate = new();

                public void Append(string path, string entry)
                {
                    lock (_gate)
                    {
                        var text = {|#1:File.ReadAllText(path)|};
                        {|#0:File.WriteAllText(path, text + entry)|};
                    }
                }
            }
            """,
            Rmw("path", note: "; the lock statement only serializes threads of this process"));
    }

    [Fact]
    public async Task SemaphoreSlim_and_Monitor_do_not_count_and_the_message_says_so()
    {
        await Verify(
            """
            public sealed class History
            {
                private static readonly SemaphoreSlim Semaphore = new(1, 1);
                private static readonly object Gate = new();

                public async Task AppendAsync(string path, string entry)
                {
                    await Semaphore.WaitAsync();
                    try
                    {
                        var text = await {|#1:File.ReadAllTextAsync(path)|};
                        await {|#0:File.WriteAllTextAsync(path, text + entry)|};
                    }
                    finally
                    {
                        Semaphore.Release();
                    }
                }

                public void Append(string path, string entry)
                {
                    Monitor.Enter(Gate);
                    try
                    {
                        var text = {|#3:File.ReadAllText(path)|};
                        {|#2:File.WriteAllText(path, text + entry)|};
                    }
                    finally
                    {
                        Monitor.Exit(Gate);
                    }
                }
            }
            """,
            Rmw("path", note: "; SemaphoreSlim only serializes threads of this process"),
            Rmw("path", 2, 3, note: "; Monitor only serializes threads of this process"));
    }

    [Fact]
    public async Task A_lock_held_only_around_the_write_is_flagged()
    {
        await Verify(
            """
            public static class History
            {
                public static void Append(string path, string entry)
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    using (var gate = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        {|#0:File.WriteAllText(path, text + entry)|};
                    }
                }
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task A_sequence_inside_a_lambda_is_flagged_on_its_own()
    {
        await Verify(
            """
            public static class Background
            {
                public static Task AppendLater(string path, string entry) => Task.Run(() =>
                {
                    var text = {|#1:File.ReadAllText(path)|};
                    {|#0:File.WriteAllText(path, text + entry)|};
                });
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task A_write_that_is_both_unlocked_shared_and_a_read_modify_write_gets_both()
    {
        var test = new BothSharedStateRules
        {
            TestCode = Usings + """
                public static class InstructionHistory
                {
                    public static void Append(string root, string instruction)
                    {
                        var historyPath = Path.Combine(root, ".claude", "instruction-history.json");
                        var entries = JsonSerializer.Deserialize<List<string>>({|#1:File.ReadAllText(historyPath)|}) ?? new();
                        entries.Add(instruction);
                        {|#0:File.WriteAllText(historyPath, JsonSerializer.Serialize(entries))|};
                    }
                }
                """,
        };
        VerifierSetup.Configure(test, TestProject.NonTest);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.UnlockedSharedStateWrite).WithLocation(0).WithArguments("File.WriteAllText", "historyPath"));
        test.ExpectedDiagnostics.Add(Rmw("historyPath"));

        await test.RunAsync();
    }

    /// <summary>Both shared-state rules in one run, as a build runs them.</summary>
    private sealed class BothSharedStateRules : CSharpAnalyzerTest<UnlockedSharedStateWriteAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
            [new UnlockedSharedStateWriteAnalyzer(), new UnlockedReadModifyWriteAnalyzer()];
    }

    // ---- not flagged --------------------------------------------------------------------------

    [Fact]
    public async Task The_sequence_inside_SharedStateFile_Update_is_not_flagged()
    {
        await Verify("""
            using Tractatus.TestIsolation;

            public static class History
            {
                public static void Append(string path, string entry)
                {
                    SharedStateFile.UpdateText(path, text =>
                    {
                        var previous = File.ReadAllText(path + ".bak");
                        File.WriteAllText(path + ".bak", previous + text);
                        return text + entry;
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task SharedStateFile_in_the_SharedState_namespace_is_recognised_too()
    {
        await AnalyzerVerifier<UnlockedReadModifyWriteAnalyzer>.VerifyAsync(
            Usings + """
            namespace Tractatus.TestIsolation.SharedState
            {
                public static class SharedStateFile
                {
                    public static string UpdateText(string path, Func<string, string> transform) => transform(string.Empty);
                }
            }

            public static class History
            {
                public static void Append(string path, string entry) =>
                    Tractatus.TestIsolation.SharedState.SharedStateFile.UpdateText(path, text =>
                    {
                        File.WriteAllText(path + ".bak", File.ReadAllText(path + ".bak") + text);
                        return text + entry;
                    });
            }
            """,
            TestProject.NonTest);
    }

    [Fact]
    public async Task A_FileShare_None_stream_held_across_both_is_not_flagged()
    {
        await Verify("""
            public static class History
            {
                public static void Append(string path, string entry)
                {
                    using var gate = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text + entry);
                }
            }
            """);
    }

    [Fact]
    public async Task A_named_mutex_or_distributed_lock_held_across_both_is_not_flagged()
    {
        await Verify("""
            using Medallion.Threading;

            public sealed class History
            {
                private readonly IDistributedLock _lock;

                public History(IDistributedLock @lock) => _lock = @lock;

                public void AppendWithMutex(string path, string entry)
                {
                    using var mutex = new Mutex(false, "Global\\instruction-history");
                    mutex.WaitOne();
                    try
                    {
                        var text = File.ReadAllText(path);
                        File.WriteAllText(path, text + entry);
                    }
                    finally
                    {
                        mutex.ReleaseMutex();
                    }
                }

                public async Task AppendWithDistributedLockAsync(string path, string entry)
                {
                    await using (await _lock.AcquireAsync())
                    {
                        var text = await File.ReadAllTextAsync(path);
                        await File.WriteAllTextAsync(path, text + entry);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Different_files_are_not_flagged()
    {
        await Verify("""
            public static class Migrator
            {
                public static void Migrate(string root, string source, string target)
                {
                    var legacy = File.ReadAllText(Path.Combine(root, "legacy-state.json"));
                    File.WriteAllText(Path.Combine(root, "session-state.json"), legacy);
                    File.WriteAllText(target, File.ReadAllText(source));
                }
            }
            """);
    }

    [Fact]
    public async Task Write_before_read_is_not_flagged()
    {
        await Verify("""
            public static class Seeder
            {
                public static string Seed(string path)
                {
                    File.WriteAllText(path, "[]");
                    return File.ReadAllText(path);
                }
            }
            """);
    }

    [Fact]
    public async Task Reads_that_cannot_reach_the_write_are_not_flagged()
    {
        await Verify("""
            public static class Settings
            {
                public static string LoadOrCreate(string path, string defaults)
                {
                    if (File.Exists(path))
                    {
                        return File.ReadAllText(path);
                    }

                    File.WriteAllText(path, defaults);
                    return defaults;
                }

                public static void ReadOrWrite(string path, bool reset)
                {
                    if (reset)
                    {
                        File.WriteAllText(path, "{}");
                    }
                    else
                    {
                        Console.WriteLine(File.ReadAllText(path));
                    }
                }

                public static void Dispatch(string path, int mode)
                {
                    switch (mode)
                    {
                        case 0:
                            Console.WriteLine(File.ReadAllText(path));
                            break;
                        default:
                            File.WriteAllText(path, "{}");
                            break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Exists_check_before_a_write_is_not_a_read()
    {
        await Verify("""
            public static class Init
            {
                public static void EnsureState(string path)
                {
                    if (!File.Exists(path))
                    {
                        File.WriteAllText(path, "{}");
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_read_in_a_lambda_and_a_write_in_the_method_are_different_bodies()
    {
        await Verify("""
            public static class Watcher
            {
                public static void Reset(string path)
                {
                    Func<string> peek = () => File.ReadAllText(path);
                    Console.WriteLine(peek.Method.Name);
                    File.WriteAllText(path, "{}");
                }
            }
            """);
    }

    [Fact]
    public async Task A_known_file_that_is_not_shared_state_is_not_flagged()
    {
        await Verify("""
            public static class VersionBump
            {
                public static void Bump(string root)
                {
                    var project = Path.Combine(root, "src", "App.csproj");
                    var xml = File.ReadAllText(project);
                    File.WriteAllText(project, xml.Replace("1.0.0", "1.0.1"));
                }
            }
            """);
    }

    [Fact]
    public async Task Read_and_write_in_different_methods_are_not_flagged()
    {
        await Verify("""
            public sealed class Store
            {
                private const string StatePath = ".claude/session-state.json";

                public string Load() => File.ReadAllText(StatePath);

                public void Save(string json) => File.WriteAllText(StatePath, json);
            }
            """);
    }

    [Fact]
    public async Task Batch_rewrites_of_many_files_are_not_flagged()
    {
        await Verify("""
            public static class Formatter
            {
                public static void NormalizeLineEndings(string root)
                {
                    foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories))
                    {
                        var text = File.ReadAllText(file);
                        File.WriteAllText(file, text.Replace("\r\n", "\n"));
                    }

                    Directory.GetFiles(root, "*.cs").ToList().ForEach(path =>
                    {
                        var source = File.ReadAllText(path);
                        File.WriteAllText(path, source.TrimEnd() + "\n");
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task Batch_rewrites_through_a_local_path_and_a_deconstructed_item_are_not_flagged()
    {
        await Verify("""
            public static class GeneratedFileWriter
            {
                public static void Write(string outputDirectory, IEnumerable<(string Name, string Text)> files)
                {
                    foreach (var (name, text) in files)
                    {
                        var path = Path.Combine(outputDirectory, name + ".g.cs");
                        if (File.Exists(path) && File.ReadAllText(path) == text)
                        {
                            continue;
                        }

                        File.WriteAllText(path, text);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_local_path_per_batch_item_that_matches_the_patterns_is_still_flagged()
    {
        await Verify("""
            public static class Sessions
            {
                public static void Touch(IEnumerable<string> roots)
                {
                    foreach (var root in roots)
                    {
                        var path = Path.Combine(root, ".claude", "session-state.json");
                        var text = {|#1:File.ReadAllText(path)|};
                        {|#0:File.WriteAllText(path, text + "\n")|};
                    }
                }
            }
            """,
            Rmw("path"));
    }

    [Fact]
    public async Task Resetting_a_file_the_read_failed_on_is_not_flagged()
    {
        await Verify("""
            public sealed class State { public int Runs { get; set; } }

            public static class StateLoader
            {
                public static State Load(string path)
                {
                    State state;
                    try
                    {
                        state = JsonSerializer.Deserialize<State>(File.ReadAllText(path)) ?? new State();
                    }
                    catch (JsonException)
                    {
                        state = new State();
                        File.WriteAllText(path, JsonSerializer.Serialize(state));
                    }

                    return state;
                }
            }
            """);
    }

    [Fact]
    public async Task Files_unique_to_the_run_are_not_flagged()
    {
        await Verify("""
            public static class Scratch
            {
                public static void Roundtrip()
                {
                    var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-state.json");
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text + "x");
                }
            }
            """);
    }

    // ---- configuration ------------------------------------------------------------------------

    [Fact]
    public async Task Shared_state_paths_option_decides_which_known_files_count()
    {
        const string source = """
            public static class VersionBump
            {
                public static void Bump()
                {
                    var xml = {|#1:File.ReadAllText("version.props")|};
                    {|#0:File.WriteAllText("version.props", xml + "<!-- bumped -->")|};
                }
            }
            """;

        await Verify(source, "tractatus_isolation.shared_state_paths = **/*.props", Rmw("\"version.props\""));
    }
}
