using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutStateFiles;

/// <summary>
/// Held-out TI2001 / TI2002 shapes that must be flagged: tools and CLIs keeping settings, history
/// and checkpoint files that several processes share, written the way such tools write them (paths
/// from the user profile or application data, lazily resolved paths, constructor defaults, JSON
/// edited in place, load/save helpers).
/// </summary>
public class HeldOutStateFilesFlaggedTests
{
    private static readonly Dictionary<string, Shape> Cases = new()
    {
        ["const_claude_settings_written"] = new("""
            public static class LocalSettings
            {
                private const string SettingsPath = ".claude/settings.local.json";

                public static void Save(Dictionary<string, string> values) =>
                    {|TI2001:File.WriteAllText(SettingsPath, JsonSerializer.Serialize(values))|};
            }
            """),

        ["user_profile_claude_projects_file"] = new("""
            public static class ProjectRegistry
            {
                private static readonly string RegistryPath =
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude", "projects.json");

                public static void Save(List<string> projects) =>
                    {|TI2001:File.WriteAllText(RegistryPath, JsonSerializer.Serialize(projects))|};
            }
            """),

        ["application_data_state_file"] = new("""
            public sealed class SyncState
            {
                private static readonly string StatePath =
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "synctool", "sync-state.json");

                public DateTime LastRun { get; set; }

                public void Save() => {|TI2001:File.WriteAllText(StatePath, JsonSerializer.Serialize(this))|};
            }
            """),

        ["lazily_resolved_history_path_property"] = new("""
            public sealed class CommandHistory
            {
                private string? _historyPath;

                private string HistoryPath => _historyPath ??=
                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mycli", "history.json");

                public void Save(List<string> commands) =>
                    {|TI2001:File.WriteAllText(HistoryPath, JsonSerializer.Serialize(commands))|};
            }
            """),

        ["constructor_assigned_state_path_from_root"] = new("""
            public sealed class RunStateWriter
            {
                private readonly string _statePath;

                public RunStateWriter(string root) => _statePath = Path.Combine(root, "run-state.json");

                public void Write(string json) => {|TI2001:File.WriteAllText(_statePath, json)|};
            }
            """),

        ["append_to_command_history"] = new("""
            public static class ShellHistory
            {
                private static readonly string HistoryFile = Path.Combine(Environment.CurrentDirectory, "command-history.json");

                public static void Record(string line) => {|TI2001:File.AppendAllText(HistoryFile, line + Environment.NewLine)|};
            }
            """),

        ["stream_writer_over_checkpoint"] = new("""
            public sealed class TrainingCheckpoint
            {
                private const string CheckpointFile = "output/checkpoint.json";

                public void Save(int epoch)
                {
                    using var writer = {|TI2001:new StreamWriter(CheckpointFile)|};
                    writer.Write(JsonSerializer.Serialize(new { epoch }));
                }
            }
            """),

        ["file_create_then_serialize_to_stream"] = new("""
            public static class SessionStore
            {
                private static readonly string StateFile = Path.Combine(AppContext.BaseDirectory, "session-state.json");

                public static void Save(object session)
                {
                    using var stream = {|TI2001:File.Create(StateFile)|};
                    JsonSerializer.Serialize(stream, session);
                }
            }
            """),

        ["file_stream_create_shared_for_reading"] = new("""
            public static class AgentState
            {
                private const string StatePath = ".claude/agent-state.json";

                public static void Save(byte[] bytes)
                {
                    using var stream = {|TI2001:new FileStream(StatePath, FileMode.Create, FileAccess.Write, FileShare.Read)|};
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            """),

        ["interpolated_claude_todo_path"] = new("""
            public static class Todos
            {
                public static void Save(string home, string sessionName, string json) =>
                    {|TI2001:File.WriteAllText($"{home}/.claude/todos/{sessionName}.json", json)|};
            }
            """),

        ["json_node_edited_in_place"] = new("""
            public static class PermissionEditor
            {
                private static readonly string SettingsPath = Path.Combine(Environment.CurrentDirectory, ".claude", "settings.json");

                public static void Allow(string tool)
                {
                    var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SettingsPath))!.AsObject();
                    root["allow_" + tool] = true;
                    {|TI2001:{|TI2002:File.WriteAllText(SettingsPath, root.ToJsonString())|}|};
                }
            }
            """),

        ["dictionary_round_trip_of_state_file"] = new("""
            public static class FeatureFlags
            {
                private const string StatePath = "flags-state.json";

                public static void Enable(string flag)
                {
                    var flags = JsonSerializer.Deserialize<Dictionary<string, bool>>(File.ReadAllText(StatePath)) ?? new();
                    flags[flag] = true;
                    {|TI2001:{|TI2002:File.WriteAllText(StatePath, JsonSerializer.Serialize(flags))|}|};
                }
            }
            """),

        ["history_append_helper_with_path_parameter"] = new("""
            public static class JsonHistory
            {
                public static void Append(string path, string entry)
                {
                    var entries = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path)) ?? new();
                    entries.Add(entry);
                    {|TI2002:File.WriteAllText(path, JsonSerializer.Serialize(entries))|};
                }
            }
            """),

        ["coalescing_default_path_property"] = new("""
            public static class Checkpoints
            {
                private static string DefaultPath => Path.Combine(Environment.CurrentDirectory, ".runs", "checkpoint.json");

                public static void Advance(string step, string? path = null)
                {
                    path ??= DefaultPath;
                    var steps = File.Exists(path) ? File.ReadAllLines(path).ToList() : new List<string>();
                    steps.Add(step);
                    {|TI2001:{|TI2002:File.WriteAllLines(path, steps)|}|};
                }
            }
            """),

        ["async_read_then_async_write_of_field_path"] = new("""
            public sealed class QueueState
            {
                private readonly string _path = Path.Combine(Environment.CurrentDirectory, "queue-state.json");

                public async Task EnqueueAsync(string item)
                {
                    var items = JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(_path)) ?? new();
                    items.Add(item);
                    await {|TI2001:{|TI2002:File.WriteAllTextAsync(_path, JsonSerializer.Serialize(items))|}|};
                }
            }
            """),

        ["stream_reader_then_stream_writer"] = new("""
            public static class Counter
            {
                public static void Increment(string home)
                {
                    var path = Path.Combine(home, ".claude", "counter.json");
                    string text;
                    using (var reader = new StreamReader(path))
                    {
                        text = reader.ReadToEnd();
                    }

                    using var writer = {|TI2001:{|TI2002:new StreamWriter(path)|}|};
                    writer.Write((int.Parse(text) + 1).ToString());
                }
            }
            """),

        ["read_all_lines_dedupe_and_write_history"] = new("""
            public static class RecentFiles
            {
                private static readonly string HistoryPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "editor", "open-history.json");

                public static void Touch(string file)
                {
                    var lines = File.ReadAllLines(HistoryPath).Where(l => l != file).Prepend(file).Take(20).ToArray();
                    {|TI2001:{|TI2002:File.WriteAllLines(HistoryPath, lines)|}|};
                }
            }
            """),

        ["thread_lock_around_read_modify_write"] = new("""
            public static class UsageStats
            {
                private static readonly object Gate = new();
                private const string StatsPath = ".claude/usage-state.json";

                public static void Count(string command)
                {
                    lock (Gate)
                    {
                        var stats = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(StatsPath)) ?? new();
                        stats[command] = stats.TryGetValue(command, out var n) ? n + 1 : 1;
                        {|TI2001:{|TI2002:File.WriteAllText(StatsPath, JsonSerializer.Serialize(stats))|}|};
                    }
                }
            }
            """),

        ["load_and_save_helpers_of_a_settings_store"] = new("""
            public sealed class SettingsStore
            {
                private readonly string _file = Path.Combine(Environment.CurrentDirectory, ".claude", "settings.json");

                private Dictionary<string, string> Load() =>
                    JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_file)) ?? new();

                private void Save(Dictionary<string, string> values) =>
                    {|TI2001:File.WriteAllText(_file, JsonSerializer.Serialize(values))|};

                public void Update(Action<Dictionary<string, string>> change)
                {
                    var values = Load();
                    change(values);
                    {|TI2002:Save(values)|};
                }
            }
            """),

        ["static_helper_over_lazily_resolved_path"] = new("""
            public static class StateFile
            {
                private static string? _path;

                private static string PathOf => _path ??= Path.Combine(Environment.CurrentDirectory, ".claude", "state.json");

                public static string Read() => File.ReadAllText(PathOf);

                public static void Write(string text) => {|TI2001:File.WriteAllText(PathOf, text)|};
            }

            public sealed class StatusCommand
            {
                public void Mark(string status)
                {
                    var text = StateFile.Read();
                    {|TI2002:StateFile.Write(text + status)|};
                }
            }
            """),

        ["expression_bodied_path_property"] = new("""
            public sealed class Workspace
            {
                private readonly string _root;

                public Workspace(string root) => _root = root;

                private string SettingsPath => Path.Combine(_root, ".claude", "settings.json");

                public void AddDirectory(string directory)
                {
                    var text = File.ReadAllText(SettingsPath);
                    {|TI2001:{|TI2002:File.WriteAllText(SettingsPath, text.Replace("]", ",\"" + directory + "\"]"))|}|};
                }
            }
            """),

        ["path_from_helper_with_an_argument"] = new("""
            public static class Journal
            {
                private static string StatePathIn(string root) => Path.Combine(root, "journal-state.json");

                public static void Write(string root, string json) => {|TI2001:File.WriteAllText(StatePathIn(root), json)|};
            }
            """),

        ["xdg_config_home_with_fallback"] = new("""
            public static class ResumeInfo
            {
                public static void Save(string json)
                {
                    var configDir = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME")
                        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
                    var path = Path.Join(configDir, "mytool", "checkpoint.json");
                    {|TI2001:File.WriteAllText(path, json)|};
                }
            }
            """),

        ["write_all_bytes_of_state"] = new("""
            public static class BinaryState
            {
                private const string StatePath = "cache/index-state.json";

                public static void Save(byte[] data) => {|TI2001:File.WriteAllBytes(StatePath, data)|};
            }
            """),

        ["exists_check_then_read_or_default_then_write"] = new("""
            public sealed class Bookmarks
            {
                private const string BookmarksPath = ".claude/bookmarks.json";

                public void Add(string url)
                {
                    var list = File.Exists(BookmarksPath)
                        ? JsonSerializer.Deserialize<List<string>>(File.ReadAllText(BookmarksPath)) ?? new()
                        : new List<string>();
                    list.Add(url);
                    {|TI2001:{|TI2002:File.WriteAllText(BookmarksPath, JsonSerializer.Serialize(list))|}|};
                }
            }
            """),

        ["full_path_of_relative_state_file"] = new("""
            public static class Lease
            {
                public static void Renew(string json) => {|TI2001:File.WriteAllText(Path.GetFullPath(".claude/lease.json"), json)|};
            }
            """),

        ["open_write_of_history"] = new("""
            public static class ChatHistory
            {
                private static readonly string HistoryPath = Path.Combine(Environment.CurrentDirectory, "chat-history.json");

                public static async Task SaveAsync(List<string> messages)
                {
                    await using var stream = {|TI2001:File.OpenWrite(HistoryPath)|};
                    await JsonSerializer.SerializeAsync(stream, messages);
                }
            }
            """),

        ["constructor_default_path_through_coalesce"] = new("""
            public sealed class PromptHistory
            {
                private readonly string _path;

                public PromptHistory(string? path = null) =>
                    _path = path ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude", "prompt-history.json");

                public void Add(string prompt)
                {
                    var prompts = File.Exists(_path) ? File.ReadAllLines(_path).ToList() : new List<string>();
                    prompts.Add(prompt);
                    {|TI2001:{|TI2002:File.WriteAllLines(_path, prompts)|}|};
                }
            }
            """),

        ["constant_in_a_paths_class"] = new("""
            public static class Paths
            {
                public const string History = ".claude/instruction-history.json";
            }

            public sealed class InstructionLog
            {
                public void Save(List<string> instructions) =>
                    {|TI2001:File.WriteAllText(Paths.History, JsonSerializer.Serialize(instructions))|};
            }
            """),

        ["static_auto_property_with_initializer"] = new("""
            public static class Telemetry
            {
                public static string StatePath { get; } = Path.Combine(AppContext.BaseDirectory, "telemetry-state.json");

                public static void Flush(string json) => {|TI2001:File.WriteAllText(StatePath, json)|};
            }
            """),

        ["string_format_path"] = new("""
            public static class ProfileWriter
            {
                public static void Save(string home, string json) =>
                    {|TI2001:File.WriteAllText(string.Format("{0}/.claude/{1}", home, "profile.json"), json)|};
            }
            """),
        // ---- second batch, written after the first batch's fixes (measures generalisation) ----

        ["b2_config_dir_field_combined_with_file_name"] = new("""
            public static class TodoStore
            {
                private static readonly string ConfigDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude");

                public static void Save(string json) => {|TI2001:File.WriteAllText(Path.Combine(ConfigDir, "todos.json"), json)|};
            }
            """),

        ["b2_json_node_async_round_trip_with_path_join"] = new("""
            public static class HookInstaller
            {
                public static async Task InstallAsync(string command)
                {
                    var path = Path.Join(Environment.CurrentDirectory, ".claude", "settings.json");
                    var root = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path))!;
                    root["hooks"] = command;
                    await {|TI2001:{|TI2002:File.WriteAllTextAsync(path, root.ToJsonString())|}|};
                }
            }
            """),

        ["b2_helper_with_optional_root_parameter"] = new("""
            public static class AgentStatePaths
            {
                public static string GetStatePath(string? root = null) => Path.Combine(root ?? Directory.GetCurrentDirectory(), "agent-state.json");
            }

            public static class AgentState
            {
                public static void Save(string json) => {|TI2001:File.WriteAllText(AgentStatePaths.GetStatePath(), json)|};
            }
            """),

        ["b2_named_checkpoint_file_from_constructor"] = new("""
            public sealed class JobCheckpoint
            {
                private readonly string _path;

                public JobCheckpoint(string jobName) => _path = Path.Combine(AppContext.BaseDirectory, "state", $"{jobName}-checkpoint.json");

                public void Save(string json) => {|TI2001:File.WriteAllText(_path, json)|};
            }
            """),

        ["b2_open_read_deserialize_then_create_serialize"] = new("""
            public static class Permissions
            {
                private const string PermissionsPath = ".claude/permissions.json";

                public static async Task GrantAsync(string tool)
                {
                    List<string> granted;
                    await using (var input = File.OpenRead(PermissionsPath))
                    {
                        granted = await JsonSerializer.DeserializeAsync<List<string>>(input) ?? new();
                    }

                    granted.Add(tool);
                    await using var output = {|TI2001:{|TI2002:File.Create(PermissionsPath)|}|};
                    await JsonSerializer.SerializeAsync(output, granted);
                }
            }
            """),

        ["b2_read_in_try_then_write_after"] = new("""
            public static class RunCounter
            {
                private static readonly string CounterPath = Path.Combine(Environment.CurrentDirectory, "run-state.json");

                public static void Increment()
                {
                    var count = 0;
                    try
                    {
                        count = int.Parse(File.ReadAllText(CounterPath));
                    }
                    catch (FileNotFoundException)
                    {
                    }

                    {|TI2001:{|TI2002:File.WriteAllText(CounterPath, (count + 1).ToString())|}|};
                }
            }
            """),

        ["b2_history_property_with_load_and_save_helpers"] = new("""
            public sealed class SearchHistory
            {
                public string HistoryFile { get; } = Path.Combine(Environment.CurrentDirectory, "search-history.json");

                private List<string> Load() => JsonSerializer.Deserialize<List<string>>(File.ReadAllText(HistoryFile)) ?? new();

                private void Save(List<string> items) => {|TI2001:File.WriteAllText(HistoryFile, JsonSerializer.Serialize(items))|};

                public void Append(string query)
                {
                    var items = Load();
                    items.Insert(0, query);
                    {|TI2002:Save(items)|};
                }
            }
            """),

        ["b2_append_lines_after_contains_check"] = new("""
            public static class TrustedFolders
            {
                private const string HistoryPath = ".claude/trusted-history.json";

                public static void Trust(string folder)
                {
                    if (!File.ReadAllLines(HistoryPath).Contains(folder))
                    {
                        {|TI2001:{|TI2002:File.AppendAllLines(HistoryPath, new[] { folder })|}|};
                    }
                }
            }
            """),

        ["b2_home_from_environment_with_profile_fallback"] = new("""
            public static class ToolState
            {
                public static void Save(string json)
                {
                    var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                    {|TI2001:File.WriteAllText(Path.Combine(home, ".config", "mytool", "state.json"), json)|};
                }
            }
            """),

        ["b2_string_concat_path"] = new("""
            public static class SessionFile
            {
                public static void Save(string dir, string json) => {|TI2001:File.WriteAllText(string.Concat(dir, "/", "session-state.json"), json)|};
            }
            """),
    };

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names => HeldOutCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Flagged(string name) => Tool(Cases[name].Source);
}
