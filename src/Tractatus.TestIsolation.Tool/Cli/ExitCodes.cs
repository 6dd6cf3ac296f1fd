namespace Tractatus.TestIsolation.Tool.Cli;

/// <summary>The tool's own exit codes; <c>run</c> otherwise exits with its command's exit code.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>A sweep or cleanup could not remove something; the output names each item and why.</summary>
    public const int Incomplete = 1;

    /// <summary>Bad arguments or settings, or a target that cannot be reached.</summary>
    public const int Usage = 2;

    /// <summary>The command after <c>--</c> exists but cannot be executed (as in POSIX shells).</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>The command after <c>--</c> was not found (as in POSIX shells).</summary>
    public const int CommandNotFound = 127;
}
