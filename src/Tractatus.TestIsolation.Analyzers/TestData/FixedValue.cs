using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// A string that is the same in every test run, and where to report it: the literal, or the
/// reference to the constant or field that holds it (never the declaration, so each use is
/// reported and suppressed where it is used), or a span inside an SQL literal.
/// </summary>
internal readonly struct FixedValue
{
    private readonly Location? _location;

    public FixedValue(string value, IOperation source, Location? location = null)
    {
        Value = value;
        Source = source;
        _location = location;
    }

    public string Value { get; }

    /// <summary>The operation that produces the value (for a value inside SQL, the SQL literal).</summary>
    public IOperation Source { get; }

    public Location Location => _location ?? Source.Syntax.GetLocation();
}
