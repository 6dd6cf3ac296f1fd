namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>A fixed value found under an identifier-like key (<c>Slug = "x"</c>, <c>{ "slug", "x" }</c>).</summary>
internal readonly struct IdentifierValue
{
    public IdentifierValue(string key, FixedValue value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The member, key or column name as written.</summary>
    public string Key { get; }

    public FixedValue Value { get; }
}
