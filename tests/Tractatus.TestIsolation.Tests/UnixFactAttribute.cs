using Xunit;

namespace Tractatus.TestIsolation.Tests;

/// <summary>A fact about Unix behaviour (file modes, SIGKILL); reported as skipped, with the reason, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Tests Unix-only behaviour (file modes, flock, SIGKILL).";
        }
    }
}
