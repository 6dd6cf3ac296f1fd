namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>The resolved settings of one command.</summary>
/// <param name="Targets">Where to look for (and clean up) session-owned resources, in a stable order.</param>
/// <param name="LeaseTimeToLive">The lease TTL a <c>run</c> gives its session, or null for the library's default.</param>
internal sealed record ToolSettings(IReadOnlyList<TargetSetting> Targets, TimeSpan? LeaseTimeToLive);
