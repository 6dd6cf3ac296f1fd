namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>One session-owned resource as <c>list</c> and <c>sweep</c> show it (also the <c>--json</c> shape for scripts).</summary>
/// <param name="Target">Provider kind: <c>postgresql</c>, <c>mongodb</c>, <c>sqlite</c>, <c>state</c>.</param>
/// <param name="Location">Where the target is, without password.</param>
/// <param name="Name">Database name, database file name or state folder name.</param>
/// <param name="SessionId">The owner session's id (from the name).</param>
/// <param name="State"><c>live</c>, <c>expired</c>, <c>unleased</c>, <c>unreadable</c> or <c>gone</c>.</param>
/// <param name="LeaseState">The library's finer state, e.g. <c>ExpiredOwnerAlive</c> (a paused owner: live).</param>
/// <param name="Host">Machine of the owner process (from the lease).</param>
/// <param name="ProcessId">Owner process id (attribution only).</param>
/// <param name="User">OS user of the owner.</param>
/// <param name="CiJob">CI job of the owner, e.g. <c>github:123-1</c>.</param>
/// <param name="StartedAt">When the owner session started.</param>
/// <param name="HeartbeatAt">Last lease renewal.</param>
/// <param name="ExpiresAt">When the lease expires unless renewed.</param>
/// <param name="Detail">Why it is in this state, for people.</param>
internal sealed record ResourceView(
    string Target,
    string Location,
    string Name,
    string SessionId,
    string State,
    string LeaseState,
    string? Host,
    int? ProcessId,
    string? User,
    string? CiJob,
    DateTimeOffset? StartedAt,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? ExpiresAt,
    string? Detail);
