namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>One target and where its setting came from (an option, an environment variable, or the library's default).</summary>
/// <param name="Kind">What the target is.</param>
/// <param name="Value">The connection string, URI or folder; may hold a password, so print <see cref="Source"/> or a redacted form only.</param>
/// <param name="Source">Where the value came from, e.g. <c>--postgres</c> or <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.</param>
internal sealed record TargetSetting(TargetKind Kind, string Value, string Source)
{
    /// <summary>Never prints <see cref="Value"/>: it may hold a password.</summary>
    public override string ToString() => $"{Kind} from {Source}";
}
