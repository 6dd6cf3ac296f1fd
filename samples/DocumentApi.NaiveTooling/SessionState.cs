using System.Text.Json;

namespace DocumentApi.NaiveTooling;

/// <summary>
/// The session's counters in <c>.claude/session-state.json</c>: one file for every session, under
/// the one fixed session id, updated without a lock, so concurrent sessions blend their counts.
/// </summary>
public static class SessionState
{
    public static int RecordDocumentCreated(string root)
    {
        var path = Path.Combine(root, ".claude", "session-state.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var state = File.Exists(path)
            ? JsonSerializer.Deserialize<SessionCounters>(File.ReadAllText(path)) ?? new()
            : new SessionCounters();
        state.SessionId = SessionInfo.SessionId;
        state.DocumentsCreated++;
        File.WriteAllText(path, JsonSerializer.Serialize(state));

        return state.DocumentsCreated;
    }

    public static SessionCounters Read(string root)
    {
        var path = Path.Combine(root, ".claude", "session-state.json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize<SessionCounters>(File.ReadAllText(path)) ?? new()
            : new SessionCounters();
    }
}
