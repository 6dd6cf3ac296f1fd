using Microsoft.CodeAnalysis;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// A string that is the same in every test run, and where to report it: the literal, or the
/// reference to the constant, field or helper that holds it, or a span inside an SQL or JSON text.
/// </summary>
internal readonly struct FixedValue
{
    public FixedValue(string value, Location location, bool isFallback = false)
    {
        Value = value;
        Location = location;
        IsFallback = isFallback;
    }

    public string Value { get; }

    public Location Location { get; }

    /// <summary>True when the value is the fallback of <c>?? "literal"</c> (fixed whenever the variable is unset).</summary>
    public bool IsFallback { get; }

    /// <summary>A whole fixed text, reported where it is used.</summary>
    public static FixedValue Of(FlowText text) => new(text.Text, text.Anchor.GetLocation(), text.IsFallback);
}
