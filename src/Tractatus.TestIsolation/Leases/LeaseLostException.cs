namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// A resource this session owns lost its lease behind the session's back: another run swept it (the process was
/// paused for longer than the lease's time to live on a store that cannot prove liveness, or its liveness lock was
/// lost), or it was dropped by hand. Thrown instead of writing on without a lease, which would leave data nobody sweeps.
/// </summary>
public sealed class LeaseLostException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that says what was lost and what to do.</summary>
    public LeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the loss.</summary>
    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public LeaseLostException()
        : base("A session resource lost its lease.")
    {
    }

    /// <summary>The resource that lost its lease; null when not known.</summary>
    public string? ResourceName { get; init; }
}
