using System.Text.Json;

namespace DocumentApi.NaiveTooling;

/// <summary>
/// Appends to the instruction history every session shares: read the whole file, add one entry,
/// write it back, no lock. Two sessions that read the same version both write it back plus their
/// own entry, and one of the two entries is gone.
/// </summary>
public static class InstructionHistory
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static int Append(string root, string text)
    {
        var path = Path.Combine(root, ".claude", "instruction-history.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var entries = File.Exists(path)
            ? JsonSerializer.Deserialize<List<InstructionEntry>>(File.ReadAllText(path)) ?? new()
            : new List<InstructionEntry>();
        entries.Add(new InstructionEntry(SessionInfo.SessionId, Environment.ProcessId, text, DateTimeOffset.UtcNow));
        File.WriteAllText(path, JsonSerializer.Serialize(entries, Json));

        return entries.Count;
    }

    public static IReadOnlyList<InstructionEntry> Read(string root)
    {
        var path = Path.Combine(root, ".claude", "instruction-history.json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize<List<InstructionEntry>>(File.ReadAllText(path)) ?? new()
            : Array.Empty<InstructionEntry>();
    }
}
