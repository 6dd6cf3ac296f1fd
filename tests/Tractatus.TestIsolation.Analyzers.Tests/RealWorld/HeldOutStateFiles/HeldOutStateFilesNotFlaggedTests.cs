using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutStateFiles;

/// <summary>
/// Held-out near misses of TI2001 / TI2002 that must stay quiet: writes under a cross-process lock
/// (SharedStateFile, a named Mutex, a FileShare.None lock file), files private to the run (per-run
/// temp folders, random names), files that are not shared state, batches rewritten in a loop, and
/// reads and writes of different files.
/// </summary>
public class HeldOutStateFilesNotFlaggedTests
{
    private static readonly Dictionary<string, Shape> Cases = new()
    {
        ["update_through_shared_state_file"] = new("""
            public static class History
            {
                private const string HistoryPath = ".claude/instruction-history.json";

                public static void Add(string entry) =>
                    Tractatus.TestIsolation.SharedStateFile.Update<List<string>>(HistoryPath, entries => { entries.Add(entry); return entries; });
            }
            """),

        ["named_mutex_held_across_read_and_write"] = new("""
            public static class StateUpdater
            {
                private const string StatePath = ".claude/session-state.json";

                public static void Set(string key, string value)
                {
                    using var mutex = new Mutex(false, "Global\\mytool-session-state");
                    mutex.WaitOne();
                    try
                    {
                        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(StatePath)) ?? new();
                        state[key] = value;
                        File.WriteAllText(StatePath, JsonSerializer.Serialize(state));
                    }
                    finally
                    {
                        mutex.ReleaseMutex();
                    }
                }
            }
            """),

        ["exclusive_lock_file_held_across_read_and_write"] = new("""
            public static class Checkpoint
            {
                private const string CheckpointPath = "runs/checkpoint.json";

                public static void Advance(string step)
                {
                    using var lockStream = new FileStream(CheckpointPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    var steps = File.ReadAllLines(CheckpointPath).ToList();
                    steps.Add(step);
                    File.WriteAllLines(CheckpointPath, steps);
                }
            }
            """),

        ["state_file_in_a_per_test_temp_folder"] = new("""
            public class StateTests : IDisposable
            {
                private readonly string _dir = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

                [Fact]
                public void Saves_state()
                {
                    Directory.CreateDirectory(_dir);
                    var path = Path.Combine(_dir, "state.json");
                    File.WriteAllText(path, "{}");
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text.Replace("{}", "{\"a\":1}"));
                    Assert.Contains("a", File.ReadAllText(path));
                }

                public void Dispose() => Directory.Delete(_dir, recursive: true);
            }
            """) { Project = Verifiers.TestProject.Xunit },

        ["claude_folder_under_a_per_run_temp_root"] = new("""
            public sealed class FakeHome
            {
                private readonly string _root = Path.Combine(Path.GetTempPath(), "home-" + Guid.NewGuid().ToString("N"));

                public void WriteSettings(string json)
                {
                    Directory.CreateDirectory(Path.Combine(_root, ".claude"));
                    File.WriteAllText(Path.Combine(_root, ".claude", "settings.json"), json);
                }
            }
            """),

        ["random_file_name_history"] = new("""
            public sealed class ScratchHistory
            {
                private string? _path;

                public void Add(string entry)
                {
                    _path ??= Path.Combine(Path.GetTempPath(), Path.GetRandomFileName(), "history.json");
                    var text = File.Exists(_path) ? File.ReadAllText(_path) : "";
                    File.WriteAllText(_path, text + entry);
                }
            }
            """),

        ["user_preferences_round_trip_outside_patterns"] = new("""
            public sealed class WindowPreferences
            {
                private static readonly string PreferencesPath =
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "viewer", "preferences.json");

                public void RememberSize(int width, int height)
                {
                    var values = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(PreferencesPath)) ?? new();
                    values["width"] = width;
                    values["height"] = height;
                    File.WriteAllText(PreferencesPath, JsonSerializer.Serialize(values));
                }
            }
            """),

        ["report_written_once_outside_patterns"] = new("""
            public static class Report
            {
                public static void Write(object summary) => File.WriteAllText("artifacts/report.json", JsonSerializer.Serialize(summary));
            }
            """),

        ["formatter_rewrites_every_file_of_a_folder"] = new("""
            public static class HeaderFixer
            {
                public static void Run(string directory)
                {
                    foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
                    {
                        var text = File.ReadAllText(file);
                        File.WriteAllText(file, "// Licensed under MIT.\n" + text);
                    }
                }
            }
            """),

        ["template_read_and_project_file_written"] = new("""
            public static class Scaffolder
            {
                public static void Create(string target)
                {
                    var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "templates", "app.csproj"));
                    File.WriteAllText(Path.Combine(target, "App.csproj"), template);
                }
            }
            """),

        ["appsettings_development_updated_by_a_setup_tool"] = new("""
            public static class DevSetup
            {
                public static void SetConnectionString(string value)
                {
                    var path = Path.Combine(Environment.CurrentDirectory, "appsettings.Development.json");
                    var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
                    root["ConnectionStrings"]!["Default"] = value;
                    File.WriteAllText(path, root.ToJsonString());
                }
            }
            """),

        ["session_folder_named_by_a_guid"] = new("""
            public sealed class SessionScratch
            {
                private readonly string _sessionId = Guid.NewGuid().ToString("N");

                public void Append(string line)
                {
                    var path = Path.Combine(".claude", "sessions", _sessionId, "state.json");
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text + line);
                }
            }
            """),

        ["temp_file_written_then_moved_over_the_state_file"] = new("""
            public static class AtomicSave
            {
                public static void Save(string statePath, string json)
                {
                    var temp = statePath + ".tmp";
                    File.WriteAllText(temp, json);
                    File.Move(temp, statePath, overwrite: true);
                }
            }
            """),

        ["state_file_only_read"] = new("""
            public static class StatusCommand
            {
                private const string StatePath = ".claude/session-state.json";

                public static string Show() => File.Exists(StatePath) ? File.ReadAllText(StatePath) : "{}";
            }
            """),

        ["update_text_async_through_shared_state_file"] = new("""
            public sealed class Journal
            {
                private readonly string _path = Path.Combine(Environment.CurrentDirectory, ".claude", "journal-history.json");

                public Task AddAsync(string line) =>
                    Tractatus.TestIsolation.SharedStateFile.UpdateTextAsync(_path, text => text + line + "\n");
            }
            """),

        ["build_cache_outside_patterns"] = new("""
            public static class BuildCache
            {
                private static readonly string CachePath = Path.Combine("obj", "tool-cache.json");

                public static void Put(string key, string value)
                {
                    var cache = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(CachePath)) ?? new();
                    cache[key] = value;
                    File.WriteAllText(CachePath, JsonSerializer.Serialize(cache));
                }
            }
            """),

        ["read_and_write_in_different_branches"] = new("""
            public static class Toggle
            {
                public static string Run(string path, bool write, string text)
                {
                    if (write)
                    {
                        File.WriteAllText(path, text);
                        return text;
                    }
                    else
                    {
                        return File.ReadAllText(path);
                    }
                }
            }
            """),

        ["history_read_and_export_written_elsewhere"] = new("""
            public static class HistoryExport
            {
                private const string HistoryPath = ".claude/command-history.json";

                public static void ExportCsv(string target)
                {
                    var entries = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(HistoryPath)) ?? new();
                    File.WriteAllText(target, string.Join("\n", entries));
                }
            }
            """),

        ["write_helper_with_path_parameter_no_read"] = new("""
            public static class JsonFiles
            {
                public static void WriteJsonFile(string path, object value) => File.WriteAllText(path, JsonSerializer.Serialize(value));
            }

            public sealed class Exporter
            {
                public void Export(string target, object value) => JsonFiles.WriteJsonFile(target, value);
            }
            """),

        ["log_lines_appended_outside_patterns"] = new("""
            public static class TraceLog
            {
                public static void Write(string line) => File.AppendAllText(Path.Combine(Environment.CurrentDirectory, "trace.log"), line + "\n");
            }
            """),

        ["exclusive_open_of_the_state_file_itself"] = new("""
            public static class Counter
            {
                private const string CounterPath = ".claude/counter-state.json";

                public static void Increment()
                {
                    using var stream = new FileStream(CounterPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    using var reader = new StreamReader(stream, leaveOpen: true);
                    var count = int.TryParse(reader.ReadToEnd(), out var n) ? n : 0;
                    stream.SetLength(0);
                    using var writer = new StreamWriter(stream);
                    writer.Write(count + 1);
                }
            }
            """),

        ["test_writes_settings_under_temp_subdirectory"] = new("""
            public class SettingsTests
            {
                [Fact]
                public void Reads_back()
                {
                    var dir = Directory.CreateTempSubdirectory("settings-tests").FullName;
                    var path = Path.Combine(dir, "session-state.json");
                    File.WriteAllText(path, "{}");
                    Assert.Equal("{}", File.ReadAllText(path));
                }
            }
            """) { Project = Verifiers.TestProject.Xunit },

        ["mutex_held_by_a_using_declaration_for_a_plain_write"] = new("""
            public static class ResumeWriter
            {
                private const string ResumePath = ".claude/resume-state.json";

                public static void Save(string json)
                {
                    using var mutex = new Mutex(false, "mytool-resume");
                    mutex.WaitOne();
                    File.WriteAllText(ResumePath, json);
                    mutex.ReleaseMutex();
                }
            }
            """),

        ["generated_sources_rewritten_per_item"] = new("""
            public sealed record Model(string Name);

            public static class Generator
            {
                public static void Emit(string dir, List<Model> models) =>
                    models.ForEach(m =>
                    {
                        var path = Path.Combine(dir, m.Name + ".g.cs");
                        var old = File.Exists(path) ? File.ReadAllText(path) : "";
                        File.WriteAllText(path, old.Length > 0 ? old : "// generated");
                    });
            }
            """),

        ["user_secrets_file_read_then_written_elsewhere"] = new("""
            public static class SecretsMigrator
            {
                public static void Migrate(string from, string to)
                {
                    var text = File.ReadAllText(from);
                    File.WriteAllText(to, text);
                }
            }
            """),
        // ---- second batch, written after the first batch's fixes (measures generalisation) ----

        ["b2_per_process_temp_folder_history"] = new("""
            public sealed class ProcessHistory
            {
                private readonly string _path = Path.Combine(Path.GetTempPath(), $"tool-{Environment.ProcessId}", "history.json");

                public void Add(string line)
                {
                    var text = File.Exists(_path) ? File.ReadAllText(_path) : "";
                    File.WriteAllText(_path, text + line);
                }
            }
            """),

        ["b2_state_backup_copy_written_elsewhere"] = new("""
            public static class Backup
            {
                private const string StatePath = "run/session-state.json";

                public static void Make() => File.WriteAllText(StatePath + ".bak", File.ReadAllText(StatePath));
            }
            """),

        ["b2_package_json_version_bump"] = new("""
            public static class VersionBump
            {
                public static void Bump(string root, string version)
                {
                    var path = Path.Combine(root, "package.json");
                    var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
                    node["version"] = version;
                    File.WriteAllText(path, node.ToJsonString());
                }
            }
            """),

        ["b2_session_scoped_state_through_test_session_slug"] = new("""
            public sealed class ScratchState
            {
                private readonly string _path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "scratch-state.json");

                public void Save(string json) => File.WriteAllText(_path, json);
            }
            """),

        ["b2_update_text_with_unrelated_template_read"] = new("""
            public static class HistorySeed
            {
                private const string HistoryPath = ".claude/command-history.json";

                public static void Seed()
                {
                    var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seed.txt"));
                    Tractatus.TestIsolation.SharedStateFile.UpdateText(HistoryPath, text => text.Length == 0 ? template : text);
                }
            }
            """),

        ["b2_read_only_settings_loader"] = new("""
            public sealed class SettingsLoader
            {
                private readonly string _path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude", "settings.json");

                public Dictionary<string, string> Load() =>
                    File.Exists(_path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new() : new();
            }
            """),
    };

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names => HeldOutCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Not_flagged(string name) => Run(Cases[name]);
}
