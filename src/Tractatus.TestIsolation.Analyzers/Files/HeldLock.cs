using Microsoft.CodeAnalysis.Text;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>A lock that is held where some operation runs.</summary>
internal readonly struct HeldLock
{
    public HeldLock(TextSpan acquisition, bool crossProcess, string description)
    {
        Acquisition = acquisition;
        CrossProcess = crossProcess;
        Description = description;
    }

    /// <summary>Where the lock is taken; two operations hold the same lock when this is equal.</summary>
    public TextSpan Acquisition { get; }

    /// <summary>True for locks other processes respect (FileShare.None, named Mutex, DistributedLock, SharedStateFile).</summary>
    public bool CrossProcess { get; }

    /// <summary>How messages name an in-process lock: "the lock statement", "Monitor", "SemaphoreSlim".</summary>
    public string Description { get; }
}
