namespace Tractatus.TestIsolation;

/// <summary>
/// One value a <see cref="TestSession"/> generated, with the base it came from, so a failing run can be
/// reproduced and its data found ("which document did test X insert?").
/// </summary>
/// <param name="Kind"><c>slug</c>, <c>unique</c>, <c>email</c> or <c>database</c>.</param>
/// <param name="Base">What the caller passed in (the fixed value the test used to hard-code).</param>
/// <param name="Value">What the session returned.</param>
/// <param name="At">When it was generated.</param>
internal sealed record GeneratedValue(string Kind, string Base, string Value, DateTimeOffset At);
