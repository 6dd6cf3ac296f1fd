using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Locations already reported in one compilation. A literal held by a local can reach several
/// writes and filters; it is reported once. Thread-safe: callbacks run concurrently.
/// </summary>
internal sealed class ReportedLocations
{
    private readonly ConcurrentDictionary<Location, byte> _reported = new();

    /// <summary>True the first time a location is seen.</summary>
    public bool TryAdd(Location location) => _reported.TryAdd(location, 0);
}
