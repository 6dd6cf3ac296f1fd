using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// Who owns a session resource (database, state directory) and until when. Stored next to the resource
/// (in the server, or as a file) so any later run, on any machine, can tell a crashed session's leftovers
/// from a live session's data. Expiry is <see cref="ExpiresAt"/>, renewed by heartbeats and written with the
/// owner's time to live, so the owner's TTL governs every sweep. An expired lease alone does not make a resource
/// sweepable where the store can prove the owner alive (see <see cref="OwnerLiveness"/>). The process id is for
/// attribution only, because pids are reused.
/// </summary>
/// <param name="Owner">The owning session's id.</param>
/// <param name="Host">Machine that runs the owner.</param>
/// <param name="ProcessId">Process that runs the owner (attribution only).</param>
/// <param name="StartedAt">When the owner session started.</param>
/// <param name="HeartbeatAt">Last renewal.</param>
/// <param name="ExpiresAt">The lease is expired from this moment unless renewed.</param>
/// <param name="Library">Always <see cref="LibraryName"/>; records of other tools are not ours to sweep.</param>
/// <param name="Version">Record format version.</param>
/// <param name="User">OS user that runs the owner (attribution only); null in records written before it was added.</param>
/// <param name="CiJob">CI job that runs the owner (attribution only), e.g. <c>github:123-1</c>; null outside CI.</param>
internal sealed record LeaseRecord(
    string Owner,
    string Host,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    DateTimeOffset ExpiresAt,
    string Library = LeaseRecord.LibraryName,
    int Version = 1,
    string? User = null,
    string? CiJob = null)
{
    /// <summary>The <see cref="Library"/> value this library writes and requires.</summary>
    public const string LibraryName = "Tractatus.TestIsolation";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A new lease for <paramref name="session"/>, renewed at <paramref name="now"/> and expiring <paramref name="timeToLive"/> later.</summary>
    public static LeaseRecord For(TestSession session, DateTimeOffset now, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new LeaseRecord(session.Id, session.Host, session.ProcessId, session.StartedAt, now, now + timeToLive, User: session.User, CiJob: session.CiJobId);
    }

    /// <summary>This lease renewed at <paramref name="now"/> (usually the server's clock).</summary>
    public LeaseRecord RenewedAt(DateTimeOffset now, TimeSpan timeToLive) => this with { HeartbeatAt = now, ExpiresAt = now + timeToLive };

    /// <summary>True from <see cref="ExpiresAt"/> on.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Compact JSON with camelCase names: <c>{"owner":...,"host":...,"processId":...,...}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Reads a lease written by <see cref="ToJson"/>. False for null, invalid JSON, missing owner or times,
    /// and records of another library: anything that is not clearly our lease is treated as "not ours".
    /// </summary>
    public static bool TryParse(string? json, out LeaseRecord? lease)
    {
        lease = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        LeaseRecord? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<LeaseRecord>(json, JsonOptions);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }

        if (parsed is null
            || !string.Equals(parsed.Library, LibraryName, StringComparison.Ordinal)
            || parsed.Version < 1
            || string.IsNullOrWhiteSpace(parsed.Owner)
            || parsed.Host is null
            || parsed.ExpiresAt == default
            || parsed.HeartbeatAt == default)
        {
            return false;
        }

        lease = parsed;
        return true;
    }
}
