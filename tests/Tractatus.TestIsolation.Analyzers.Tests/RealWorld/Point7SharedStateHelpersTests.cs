using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 7: read → modify → write across helper methods of one type (<c>SetValue</c> calls
/// <c>Read()</c> then <c>Write()</c>; a dialog with <c>ReadJsonFile</c>/<c>WriteJsonFile</c>), and
/// paths that become known only after <c>path ??= GetSettingsPath()</c>. TI2002 goes on the call
/// that completes the sequence in the method that holds both; TI2001 stays on the file write.
/// </summary>
public class Point7SharedStateHelpersTests
{
    // Modelled on CLI tools that keep a JSON settings file with Read()/Write() helpers (SettingsHelper-style classes).
    [Fact]
    public Task SetValue_calling_read_then_write_helpers_is_flagged() => Tool("""
        public sealed class AgentSettings
        {
            private readonly string _path = Path.Combine(Environment.CurrentDirectory, ".claude", "settings.json");

            private Dictionary<string, string> Read() =>
                File.Exists(_path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new() : new();

            private void Write(Dictionary<string, string> values) => {|TI2001:File.WriteAllText(_path, JsonSerializer.Serialize(values))|};

            public void SetValue(string key, string value)
            {
                var values = Read();
                values[key] = value;
                {|TI2002:Write(values)|};
            }
        }
        """);

    // Modelled on settings dialogs with ReadJsonFile/WriteJsonFile helpers over one state file.
    [Fact]
    public Task Dialog_with_read_json_file_and_write_json_file_helpers_is_flagged() => Tool("""
        public sealed class PermissionsDialog
        {
            private const string StatePath = ".claude/permissions-state.json";

            private static System.Text.Json.Nodes.JsonObject ReadJsonFile() =>
                System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(StatePath))!.AsObject();

            private static void WriteJsonFile(System.Text.Json.Nodes.JsonObject node) => {|TI2001:File.WriteAllText(StatePath, node.ToJsonString())|};

            public void Allow(string tool)
            {
                var node = ReadJsonFile();
                node[tool] = "allow";
                {|TI2002:WriteJsonFile(node)|};
            }
        }
        """);

    [Fact]
    public Task Path_known_only_after_a_null_coalescing_assignment_is_flagged() => Tool("""
        public static class HistoryCommand
        {
            private static string GetHistoryPath() => Path.Combine(Environment.CurrentDirectory, ".claude", "command-history.json");

            public static void Record(string command, string? path = null)
            {
                path ??= GetHistoryPath();
                var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : new List<string>();
                lines.Add(command);
                {|TI2001:{|TI2002:File.WriteAllLines(path, lines)|}|};
            }
        }
        """);

    [Fact]
    public Task Async_load_and_save_helpers_called_in_sequence_are_flagged() => Tool("""
        public sealed class CheckpointStore
        {
            private static readonly string CheckpointPath = Path.Combine(Environment.CurrentDirectory, "runs", "checkpoint.json");

            private static async Task<List<string>> LoadAsync() =>
                JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(CheckpointPath)) ?? new();

            private static Task SaveAsync(List<string> steps) => {|TI2001:File.WriteAllTextAsync(CheckpointPath, JsonSerializer.Serialize(steps))|};

            public async Task CompleteAsync(string step)
            {
                var steps = await LoadAsync();
                steps.Add(step);
                await {|TI2002:SaveAsync(steps)|};
            }
        }
        """);

    [Fact]
    public Task Field_path_resolved_lazily_and_written_back_is_flagged() => Tool("""
        public sealed class SessionState
        {
            private string? _path;

            private static string DefaultPath() => Path.Combine(Environment.CurrentDirectory, ".claude", "session-state.json");

            public void Touch()
            {
                _path ??= DefaultPath();
                var text = File.ReadAllText(_path);
                {|TI2001:{|TI2002:File.WriteAllText(_path, text + "\n")|}|};
            }
        }
        """);

    // Modelled on MultiFunPlayer's static SettingsHelper (Read/Write over one settings file) called from view models.
    [Fact]
    public Task Static_settings_helper_called_from_another_type_is_flagged() => Tool("""
        public static class SettingsHelper
        {
            private static readonly string SettingsPath = Path.Combine(Environment.CurrentDirectory, ".claude", "player-state.json");

            public static Dictionary<string, string> Read() =>
                JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(SettingsPath)) ?? new();

            public static void Write(Dictionary<string, string> settings) => {|TI2001:File.WriteAllText(SettingsPath, JsonSerializer.Serialize(settings))|};
        }

        public sealed class ShellViewModel
        {
            public void OnClosing(string layout)
            {
                var settings = SettingsHelper.Read();
                settings["layout"] = layout;
                {|TI2002:SettingsHelper.Write(settings)|};
            }
        }
        """);

    // ---- not flagged ---------------------------------------------------------------------------

    // Modelled on desktop apps keeping user preferences under AppData: one user, one process.
    [Fact]
    public Task Read_write_helpers_over_a_user_preferences_file_are_not_flagged() => Tool("""
        public sealed class Preferences
        {
            private readonly string _path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "MyApp", "preferences.json");

            private Dictionary<string, string> Read() => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new();

            private void Write(Dictionary<string, string> values) => File.WriteAllText(_path, JsonSerializer.Serialize(values));

            public void SetValue(string key, string value)
            {
                var values = Read();
                values[key] = value;
                Write(values);
            }
        }
        """);

    [Fact]
    public Task Helpers_over_a_state_file_in_a_per_run_directory_are_not_flagged() => Tool("""
        public sealed class RunState
        {
            private readonly string _path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "state.json");

            private string Read() => File.ReadAllText(_path);

            private void Write(string text) => File.WriteAllText(_path, text);

            public void Append(string line) => Write(Read() + line);
        }
        """);

    [Fact]
    public Task Read_helper_for_display_and_updates_through_shared_state_file_are_not_flagged() => Tool("""
        public sealed class AgentSettings
        {
            private readonly string _path = Path.Combine(Environment.CurrentDirectory, ".claude", "settings.json");

            private string Read() => File.ReadAllText(_path);

            public string Show() => Read();

            public void SetValue(string key, string value) =>
                Tractatus.TestIsolation.SharedStateFile.UpdateText(_path, text => text + key + "=" + value + "\n");
        }
        """);

    [Fact]
    public Task Read_of_a_template_then_write_of_an_exclusively_locked_state_file_is_not_flagged() => Tool("""
        public sealed class Initializer
        {
            private static readonly string TemplatePath = Path.Combine(AppContext.BaseDirectory, "defaults.json");
            private static readonly string StatePath = Path.Combine(Environment.CurrentDirectory, ".claude", "state.json");

            private static string ReadTemplate() => File.ReadAllText(TemplatePath);

            private static void WriteState(string text)
            {
                using var stream = new FileStream(StatePath, FileMode.Create, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(text);
            }

            public void Apply() => WriteState(ReadTemplate());
        }
        """);

    [Fact]
    public Task Lazily_resolved_path_in_a_per_run_directory_is_not_flagged() => Tool("""
        public sealed class Journal
        {
            private string? _path;

            private static string DefaultPath() => Path.Combine(Path.GetTempPath(), $"journal-{Guid.NewGuid():N}", "history.json");

            public void Add(string entry)
            {
                _path ??= DefaultPath();
                var text = File.Exists(_path) ? File.ReadAllText(_path) : "";
                File.WriteAllText(_path, text + entry);
            }
        }
        """);

    // Modelled on ImgTagFanOut-style Settings classes: read once when constructed, saved on command.
    [Fact]
    public Task Load_in_the_constructor_and_save_on_command_is_an_unlocked_write_but_not_a_read_modify_write() => Tool("""
        public sealed class ToolState
        {
            private readonly string _path = Path.Combine(Environment.CurrentDirectory, ".claude", "tool-state.json");
            private readonly Dictionary<string, string> _values;

            public ToolState() => _values = Load();

            private Dictionary<string, string> Load() => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new();

            private void Save() => {|TI2001:File.WriteAllText(_path, JsonSerializer.Serialize(_values))|};

            public void Set(string key, string value)
            {
                _values[key] = value;
                Save();
            }
        }
        """);

    [Fact]
    public Task Helper_that_reads_and_writes_itself_is_reported_once_inside_it() => Tool("""
        public sealed class Counter
        {
            private const string StatePath = ".claude/counter-state.json";

            private static void Bump()
            {
                var count = int.Parse(File.ReadAllText(StatePath));
                {|TI2001:{|TI2002:File.WriteAllText(StatePath, (count + 1).ToString())|}|};
            }

            public void Twice()
            {
                Bump();
                Bump();
            }
        }
        """);

    [Fact]
    public Task Instance_helpers_of_another_type_over_two_stores_are_not_paired() => Tool("""
        public sealed class JsonStore
        {
            private readonly string _path;

            public JsonStore(string path) => _path = path;

            public string Read() => File.ReadAllText(_path);

            public void Write(string text) => File.WriteAllText(_path, text);
        }

        public sealed class Migrator
        {
            public void Copy(string from, string to)
            {
                var source = new JsonStore(from);
                var target = new JsonStore(to);
                target.Write(source.Read());
            }
        }
        """);
}
