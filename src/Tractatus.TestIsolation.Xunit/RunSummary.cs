using System.Globalization;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>What a test run created, dropped and left behind; printed as one line at the end of the run.</summary>
internal sealed record RunSummary(string SessionId, int Created, int Dropped, IReadOnlyList<string> Left, int Swept, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// One line such as <c>Tractatus.TestIsolation: session 0m5x2k9qzab3f7k: databases created 3, dropped 3, left 0; swept 1 orphan(s) of crashed runs</c>.
    /// </summary>
    public override string ToString()
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"Tractatus.TestIsolation: session {SessionId}: databases created {Created}, dropped {Dropped}, left {Left.Count}");
        if (Left.Count > 0)
        {
            line += " (" + string.Join(", ", Left) + "; a later run sweeps them once their leases expire)";
        }

        if (Swept > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; swept {Swept} orphan(s) of crashed runs");
        }

        if (Warnings.Count > 0)
        {
            line += "; warnings: " + string.Join(" | ", Warnings);
        }

        return line;
    }
}
