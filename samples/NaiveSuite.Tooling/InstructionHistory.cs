using System.Text.Json;

namespace NaiveSuite.Tooling;

/// <summary>One recorded instruction.</summary>
public sealed record InstructionEntry(string SessionId, string Text, DateTimeOffset RecordedAt);

/// <summary>
/// Appends to the instruction history shared by every session of the project, the way the
/// incident's tooling did: read the whole file, add one entry, write it back, no lock.
/// </summary>
public static class InstructionHistory
{
    public const string RelativePath = ".claude/instruction-history.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static int Append(string root, string text)
    {
        var path = Path.Combine(root, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var entries = File.Exists(path)
            ? JsonSerializer.Deserialize<List<InstructionEntry>>(File.ReadAllText(path)) ?? new()
            : new List<InstructionEntry>();
        entries.Add(new InstructionEntry(SessionInfo.SessionId, text, DateTimeOffset.UtcNow));
        File.WriteAllText(path, JsonSerializer.Serialize(entries, Json)); // expect: TI2002 TI2001

        return entries.Count;
    }

    public static IReadOnlyList<InstructionEntry> Read(string root)
    {
        var path = Path.Combine(root, RelativePath);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<List<InstructionEntry>>(File.ReadAllText(path)) ?? new()
            : Array.Empty<InstructionEntry>();
    }
}
