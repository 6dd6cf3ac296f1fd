using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// A labelled set of shapes run as one theory: each case's name is its label in the test output,
/// so counting the failed cases of a set gives its misses (flagged sets) or false positives
/// (not-flagged sets).
/// </summary>
internal static class HeldOutCases
{
    /// <summary>The case names of <paramref name="cases"/>, as theory data.</summary>
    public static TheoryData<string> Names(IReadOnlyDictionary<string, Shape> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }
}
