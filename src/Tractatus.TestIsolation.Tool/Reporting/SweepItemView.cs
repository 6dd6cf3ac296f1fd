namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>What a sweep did with one resource.</summary>
/// <param name="Resource">The resource as found.</param>
/// <param name="Action"><c>dropped</c>, <c>would-drop</c>, <c>kept-live</c>, <c>ignored</c> or <c>failed</c>.</param>
/// <param name="Reason">Why, in words.</param>
internal sealed record SweepItemView(ResourceView Resource, string Action, string Reason)
{
    public const string Dropped = "dropped";
    public const string WouldDrop = "would-drop";
    public const string KeptLive = "kept-live";
    public const string Ignored = "ignored";
    public const string Failed = "failed";
}
