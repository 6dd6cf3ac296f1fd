namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>What one run's session had on one target, and what the tool did about it when the command ended.</summary>
/// <param name="Kind">Provider kind, e.g. <c>postgresql</c>.</param>
/// <param name="Location">Where the target is, without password.</param>
/// <param name="Created">Every resource of the session seen on the target during the run or at its end.</param>
/// <param name="DroppedByTool">Removed by the tool after the command ended (the command's processes had not).</param>
/// <param name="Left">Still there afterwards (could not be removed, or a process of the session still runs).</param>
/// <param name="Problems">Why something was left or could not be checked, one line each.</param>
internal sealed record TargetCleanup(
    string Kind,
    string Location,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> DroppedByTool,
    IReadOnlyList<string> Left,
    IReadOnlyList<string> Problems)
{
    /// <summary>Removed by the command's own processes (created, and neither removed by the tool nor left).</summary>
    public int DroppedByCommand => Math.Max(0, Created.Count - DroppedByTool.Count - Left.Count);
}
