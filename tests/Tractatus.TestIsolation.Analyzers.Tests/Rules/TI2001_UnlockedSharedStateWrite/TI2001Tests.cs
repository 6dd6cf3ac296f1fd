using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI2001: writes to shared state files without a cross-process lock.</summary>
public class TI2001Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Verify(string source, TestProject project = TestProject.NonTest, string? editorConfig = null, params DiagnosticResult[] expected) =>
        SharedStateTestSources.VerifyAsync<UnlockedSharedStateWriteAnalyzer>(Usings + source, project, editorConfig, expected);

    // ---- flagged ------------------------------------------------------------------------------

    [Fact]
    public async Task Literal_path_under_claude_folder_is_flagged()
    {
        await Verify("""
            public static class History
            {
                public static void Save(string json)
                {
                    {|TI2001:File.WriteAllText(".claude/instruction-history.json", json)|};
                }
            }
            """);
    }

    [Fact]
    public async Task Message_names_the_write_method_and_the_path_as_written()
    {
        await Verify(
            """
            public static class History
            {
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Save(string json)
                {
                    {|#0:File.WriteAllText(HistoryPath, json)|};
                }
            }
            """,
            expected: new DiagnosticResult(Descriptors.UnlockedSharedStateWrite).WithLocation(0).WithArguments("File.WriteAllText", "HistoryPath"));
    }

    [Fact]
    public async Task Path_Combine_with_an_unknown_root_is_matched_by_its_tail()
    {
        await Verify("""
            public static class SessionState
            {
                public static async Task SaveAsync(object state)
                {
                    var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                    await {|TI2001:File.WriteAllTextAsync(Path.Combine(home, ".claude", "session-state.json"), JsonSerializer.Serialize(state))|};
                }
            }
            """);
    }

    [Fact]
    public async Task Static_readonly_field_and_StreamWriter_are_flagged()
    {
        await Verify("""
            public sealed class CheckpointWriter
            {
                private static readonly string CheckpointPath = Path.Combine(AppContext.BaseDirectory, "data", "checkpoint.json");

                public void Write(IEnumerable<string> lines)
                {
                    using var writer = {|TI2001:new StreamWriter(CheckpointPath, append: false)|};
                    foreach (var line in lines)
                    {
                        writer.WriteLine(line);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Locals_are_traced_through_two_Path_Combine_steps()
    {
        await Verify("""
            public static class Appender
            {
                public static void Append(string root, string[] lines)
                {
                    var folder = Path.Combine(root, ".claude");
                    var file = Path.Combine(folder, "metrics.jsonl");
                    {|TI2001:File.AppendAllLines(file, lines)|};
                    var joined = Path.Join(root, "state", "instruction-history.json");
                    {|TI2001:File.WriteAllLines(joined, lines)|};
                    var full = Path.GetFullPath(Path.Join(root, ".claude/settings.local.json"));
                    {|TI2001:File.WriteAllText(full, string.Empty)|};
                }
            }
            """);
    }

    [Fact]
    public async Task Interpolated_path_with_a_literal_tail_is_flagged()
    {
        await Verify("""
            public static class Snapshots
            {
                public static void Save(string root, byte[] bytes)
                {
                    {|TI2001:File.WriteAllBytes($"{root}/.claude/session-state.json", bytes)|};
                }
            }
            """);
    }

    [Fact]
    public async Task FileStream_with_a_writing_mode_and_sharing_other_than_None_is_flagged()
    {
        await Verify("""
            public static class Journal
            {
                private const string JournalPath = "state/run-history.json";

                public static void Append(byte[] entry)
                {
                    using var stream = {|TI2001:new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.Read)|};
                    stream.Write(entry, 0, entry.Length);
                    using var implicitShare = {|TI2001:new FileStream(JournalPath, FileMode.Create)|};
                }
            }
            """);
    }

    [Fact]
    public async Task File_Create_OpenWrite_and_writing_File_Open_are_flagged()
    {
        await Verify("""
            public static class StateStore
            {
                private static string StatePath => Path.Combine(AppContext.BaseDirectory, "app-state.json");

                public static void Reset()
                {
                    using (var created = {|TI2001:File.Create(StatePath)|}) { }
                    using (var opened = {|TI2001:File.OpenWrite(StatePath)|}) { }
                    using (var open = {|TI2001:File.Open(StatePath, FileMode.OpenOrCreate, FileAccess.Write)|}) { }
                }
            }
            """);
    }

    [Fact]
    public async Task Readonly_field_assigned_once_in_the_constructor_is_traced()
    {
        await Verify("""
            public sealed class InstructionHistory
            {
                private readonly string _historyPath;

                public InstructionHistory(string projectRoot)
                {
                    _historyPath = Path.Combine(projectRoot, ".claude", "instruction-history.json");
                }

                public async Task SaveAsync(List<string> entries, CancellationToken cancellationToken)
                {
                    var json = JsonSerializer.Serialize(entries);
                    await {|TI2001:File.WriteAllTextAsync(_historyPath, json, cancellationToken)|};
                }
            }
            """);
    }

    [Fact]
    public async Task In_process_locks_do_not_count_as_a_cross_process_lock()
    {
        await Verify("""
            public sealed class Counters
            {
                private static readonly object Gate = new();
                private static readonly SemaphoreSlim Semaphore = new(1, 1);

                public void Save(string json)
                {
                    lock (Gate)
                    {
                        {|TI2001:File.WriteAllText(".claude/session-state.json", json)|};
                    }
                }

                public async Task SaveAsync(string json)
                {
                    await Semaphore.WaitAsync();
                    try
                    {
                        await {|TI2001:File.WriteAllTextAsync(".claude/session-state.json", json)|};
                    }
                    finally
                    {
                        Semaphore.Release();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_write_after_the_mutex_is_released_is_flagged()
    {
        await Verify("""
            public static class Store
            {
                public static void Save(string json)
                {
                    using var mutex = new Mutex(false, "Global\\claude-state");
                    mutex.WaitOne();
                    File.WriteAllText(".claude/session-state.json", json);
                    mutex.ReleaseMutex();
                    {|TI2001:File.WriteAllText(".claude/session-state.json", json)|};
                }
            }
            """);
    }

    [Fact]
    public async Task Test_code_is_checked_too()
    {
        await Verify(
            """
            public class HistoryTests
            {
                [Xunit.Fact]
                public void Records_an_entry()
                {
                    {|TI2001:File.AppendAllText(".claude/instruction-history.json", "{}")|};
                }
            }
            """,
            TestProject.Xunit);
    }

    // ---- not flagged --------------------------------------------------------------------------

    [Fact]
    public async Task Writes_through_SharedStateFile_are_not_flagged()
    {
        await Verify("""
            using Tractatus.TestIsolation;

            public static class History
            {
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Append(string entry)
                {
                    SharedStateFile.UpdateText(HistoryPath, text => text + entry + "\n");
                    SharedStateFile.Update<List<string>>(HistoryPath, list =>
                    {
                        // A mirror written while SharedStateFile holds its lock.
                        File.WriteAllText(".claude/instruction-history.backup.json", JsonSerializer.Serialize(list));
                        return list;
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_inside_a_FileShare_None_lock_stream_are_not_flagged()
    {
        await Verify("""
            public static class History
            {
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Save(string json)
                {
                    using (var gate = new FileStream(HistoryPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        File.WriteAllText(HistoryPath, json);
                    }
                }

                public static void SaveWithDeclaration(string json)
                {
                    using var gate = File.Open(HistoryPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    File.WriteAllText(HistoryPath, json);
                }

                public static void SaveExclusively(byte[] bytes)
                {
                    // The write itself keeps every other process out.
                    using var stream = new FileStream(HistoryPath, FileMode.Create, FileAccess.Write, FileShare.None);
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_while_a_named_mutex_is_held_are_not_flagged()
    {
        await Verify("""
            public static class Store
            {
                private static readonly Mutex StateMutex = new(false, "Global\\claude-session-state");

                public static void Save(string json)
                {
                    StateMutex.WaitOne();
                    try
                    {
                        File.WriteAllText(".claude/session-state.json", json);
                    }
                    finally
                    {
                        StateMutex.ReleaseMutex();
                    }
                }

                public static void SaveWithTimeout(string json)
                {
                    using var mutex = new Mutex(false, "Global\\claude-session-state");
                    if (!mutex.WaitOne(TimeSpan.FromSeconds(5)))
                    {
                        throw new TimeoutException("state is locked");
                    }

                    File.WriteAllText(".claude/session-state.json", json);
                    mutex.ReleaseMutex();
                }

                public static bool TrySave(string json)
                {
                    if (StateMutex.WaitOne(TimeSpan.Zero))
                    {
                        File.WriteAllText(".claude/session-state.json", json);
                        StateMutex.ReleaseMutex();
                        return true;
                    }

                    return false;
                }

                public static void SaveWhenFree(string json)
                {
                    while (!StateMutex.WaitOne(TimeSpan.FromMilliseconds(100)))
                    {
                        Console.WriteLine("waiting for the state lock");
                    }

                    File.WriteAllText(".claude/session-state.json", json);
                    StateMutex.ReleaseMutex();
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_while_a_distributed_lock_handle_is_held_are_not_flagged()
    {
        await Verify("""
            using Medallion.Threading;

            public sealed class Store
            {
                private readonly IDistributedLock _lock;

                public Store(IDistributedLock @lock) => _lock = @lock;

                public async Task SaveAsync(string json)
                {
                    await using (await _lock.AcquireAsync())
                    {
                        await File.WriteAllTextAsync(".claude/session-state.json", json);
                    }
                }

                public void Save(string json)
                {
                    using var handle = _lock.Acquire();
                    File.WriteAllText(".claude/session-state.json", json);
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_inside_a_project_lock_helper_are_not_flagged()
    {
        await Verify("""
            public sealed class Store
            {
                public void Save(string json)
                {
                    using (AcquireStateLock())
                    {
                        File.WriteAllText(".claude/session-state.json", json);
                    }
                }

                private static IDisposable AcquireStateLock() => new MemoryStream();
            }
            """);
    }

    [Fact]
    public async Task Paths_that_match_no_pattern_are_not_flagged()
    {
        await Verify("""
            public static class Reports
            {
                public static void Write(string root, string text)
                {
                    File.WriteAllText("artifacts/report.json", text);
                    File.WriteAllText(Path.Combine(root, "README.md"), text);
                    File.AppendAllText($"{root}/logs/run.log", text);
                    using var writer = new StreamWriter(Path.Combine(root, "coverage.xml"));
                }
            }
            """);
    }

    [Fact]
    public async Task Fully_unknown_paths_are_not_flagged()
    {
        await Verify("""
            public sealed class Exporter
            {
                private string _target = ".claude/session-state.json";

                public void Export(string path, string text, Func<string> pathFactory)
                {
                    File.WriteAllText(path, text);
                    File.WriteAllText(pathFactory(), text);
                    File.WriteAllText(Path.GetTempFileName(), text);
                    // A mutable field can point anywhere by the time the write runs.
                    File.WriteAllText(_target, text);
                    var reassigned = ".claude/session-state.json";
                    reassigned = path;
                    File.WriteAllText(reassigned, text);
                }

                public void Retarget(string path) => _target = path;
            }
            """);
    }

    [Fact]
    public async Task Reads_and_unrelated_File_types_are_not_flagged()
    {
        await Verify("""
            public static class Loader
            {
                public static string Load()
                {
                    using var reader = new StreamReader(".claude/session-state.json");
                    using var stream = new FileStream(".claude/session-state.json", FileMode.Open, FileAccess.Read);
                    MyIo.File.WriteAllText(".claude/session-state.json", "{}");
                    return File.ReadAllText(".claude/session-state.json") + reader.ReadToEnd();
                }
            }

            namespace MyIo
            {
                public static class File
                {
                    public static void WriteAllText(string path, string text) { }
                }
            }
            """);
    }

    [Fact]
    public async Task Paths_unique_to_the_run_are_not_flagged()
    {
        await Verify("""
            public sealed class HistoryFixture
            {
                private readonly string _root = Path.Combine(Path.GetTempPath(), "history-tests", Guid.NewGuid().ToString("N"));

                public void Seed(string json)
                {
                    File.WriteAllText(Path.Combine(_root, ".claude", "instruction-history.json"), json);
                    var scratch = Directory.CreateTempSubdirectory("state").FullName;
                    File.WriteAllText(Path.Combine(scratch, "session-state.json"), json);
                    File.WriteAllText($"{Environment.ProcessId}-state.json", json);
                }
            }
            """);
    }

    // ---- configuration ------------------------------------------------------------------------

    [Fact]
    public async Task Members_declared_in_another_file_are_traced_both_ways()
    {
        // A temp-directory helper names a directory per run; a paths class names the shared file.
        var test = AnalyzerVerifier<UnlockedSharedStateWriteAnalyzer>.Create(Usings + """
            public static class Writer
            {
                public static void Save(string json)
                {
                    var temp = new TempDirectory();
                    File.WriteAllText(Path.Combine(temp.Path, "state.json"), json);
                    {|TI2001:File.WriteAllText(StatePaths.History, json)|};
                }
            }
            """, TestProject.NonTest, editorConfig: null);
        test.TestState.Sources.Add(("/SharedStateFile.cs", SharedStateTestSources.SharedStateFile));
        test.TestState.Sources.Add(("/Helpers.cs", """
            using System.IO;

            public sealed class TempDirectory
            {
                public TempDirectory() => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), System.IO.Path.GetRandomFileName());

                public string Path { get; }
            }

            public static class StatePaths
            {
                public static readonly string History = Path.Combine(".claude", "instruction-history.json");
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Shared_state_paths_option_replaces_the_default_patterns()
    {
        await Verify(
            """
            public static class Cache
            {
                public static void Save(string root, byte[] bytes)
                {
                    {|TI2001:File.WriteAllBytes(Path.Combine(root, "cache", "runs.db"), bytes)|};
                    File.WriteAllText(".claude/session-state.json", "{}");
                }
            }
            """,
            editorConfig: "tractatus_isolation.shared_state_paths = **/cache/*.db");
    }

    [Fact]
    public async Task Shared_state_paths_option_matches_case_insensitively_and_with_backslashes()
    {
        await Verify(
            """
            public static class Ledger
            {
                public static void Save(string text)
                {
                    {|TI2001:File.WriteAllText("C:\\Tools\\State\\LEDGER.JSON", text)|};
                }
            }
            """,
            editorConfig: "tractatus_isolation.shared_state_paths = **/state/ledger.json");
    }
}
