namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>How the command after <c>--</c> ended.</summary>
/// <param name="ExitCode">Its exit code (128 + signal number when a signal ended it), or 126/127 when it could not start.</param>
/// <param name="Started">False when it could not be started at all.</param>
/// <param name="Duration">From start to exit.</param>
/// <param name="Signals">Signals the tool received and passed on while it ran, e.g. <c>SIGTERM</c>.</param>
/// <param name="StartError">Why it could not start, when it did not.</param>
internal sealed record ChildOutcome(int ExitCode, bool Started, TimeSpan Duration, IReadOnlyList<string> Signals, string? StartError);
