namespace DocumentApi;

/// <summary>One entry of the instruction history; <see cref="Process"/> tells the demo which run wrote it.</summary>
public sealed record InstructionEntry(string SessionId, int Process, string Text, DateTimeOffset RecordedAt);

/// <summary>The per-session counters kept in session state.</summary>
public sealed class SessionCounters
{
    public string SessionId { get; set; } = "";

    public int DocumentsCreated { get; set; }
}
