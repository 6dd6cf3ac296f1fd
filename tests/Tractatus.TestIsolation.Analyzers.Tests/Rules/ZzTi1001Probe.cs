using Tractatus.TestIsolation.Analyzers.TestData;
namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;
public class ZzTi1001Probe
{
    [Fact]
    public void Probe()
    {
        SqlText.WritesRows("UPDATE docs SET title = 'x' WHERE code = $code").ShouldBeTrue();
        SqlText.Placeholders("UPDATE docs SET title = 'x' WHERE code = $code").ShouldContain("code");
    }

    [Fact]
    public async Task Probe2()
    {
        const string source = """
            using Microsoft.Data.Sqlite;
            using Xunit;
            public class AdoTests
            {
                [Fact]
                public void Inserts()
                {
                    using var sqlite = new SqliteCommand("UPDATE docs SET title = 'x' WHERE code = @code");
                    sqlite.Parameters.AddWithValue("@code", {|TI1001:"C-7"|});
                }
            }
            """;
        await TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(source);
    }
}
