namespace Tractatus.TestIsolation.Tool.Reporting;

/// <summary>A target that could not be reached or read at all.</summary>
/// <param name="Target">Provider kind.</param>
/// <param name="Location">Where it is, without password.</param>
/// <param name="Source">The option or variable that named it.</param>
/// <param name="Message">What went wrong and what to do (redacted).</param>
internal sealed record TargetFailure(string Target, string Location, string Source, string Message);
