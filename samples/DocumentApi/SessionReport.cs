using System.Text.Json;

namespace DocumentApi;

/// <summary>
/// What one test session did, written at the end of its run for build/demo.sh: the demo compares it
/// with the shared files to count lost instruction entries and blended counters.
/// </summary>
public sealed record SessionReport(
    string Suite,
    int ProcessId,
    string SessionId,
    string Database,
    int InstructionsAppended,
    int AppendErrors,
    string? FirstAppendError,
    int DocumentsCreated,
    int CounterInState,
    IReadOnlyList<string> SweptDatabases)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the report as <c>session-&lt;pid&gt;.json</c> into <see cref="DemoEnvironment.ReportDirectory"/>, if set.</summary>
    public void Write()
    {
        var folder = DemoEnvironment.ReportDirectory;
        if (folder is null)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"session-{ProcessId}.json"), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>
    /// Announces that this process created its database and is running tests (<c>started-&lt;pid&gt;.txt</c>
    /// holding the database name): the demo's --kill waits for it before killing the process.
    /// </summary>
    public static void AnnounceStarted(string database)
    {
        var folder = DemoEnvironment.ReportDirectory;
        if (folder is null)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"started-{Environment.ProcessId}.txt");
        File.WriteAllText(path + ".tmp", database);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
