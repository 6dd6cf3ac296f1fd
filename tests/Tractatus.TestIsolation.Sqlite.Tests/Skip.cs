using Xunit;

namespace Tractatus.TestIsolation.Sqlite.Tests;

/// <summary>A test of Unix file modes and links; skipped with the reason on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes and symbolic links: not on Windows.";
        }
    }
}

/// <summary>A test that gives a folder to another user (chown); skipped with the reason unless running as root on Unix.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            Skip = "Giving a folder to another local user (chown) needs root on Unix.";
        }
    }
}
