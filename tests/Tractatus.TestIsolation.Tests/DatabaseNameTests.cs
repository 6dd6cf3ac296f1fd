using System.Text;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

public sealed class DatabaseNameTests
{
    private readonly TestSession _session = TestSession.Start();

    [Fact]
    public void First_name_per_prefix_is_prefix_and_id_then_numbered()
    {
        _session.DatabaseName("orders", DatabaseNameRules.MongoDB).ShouldBe("orders_" + _session.Id);
        _session.DatabaseName("orders", DatabaseNameRules.MongoDB).ShouldBe("orders_" + _session.Id + "_2");
        _session.DatabaseName("billing", DatabaseNameRules.MongoDB).ShouldBe("billing_" + _session.Id);
        _session.DatabaseName("orders", DatabaseNameRules.MongoDB).ShouldBe("orders_" + _session.Id + "_3");
    }

    [Fact]
    public void Name_without_rules_is_valid_on_every_server()
    {
        var name = _session.DatabaseName("tractatus_test");

        name.ShouldBe("tractatus_test_" + _session.Id);
        DatabaseNameRules.MongoDB.ValidateName(name);
        DatabaseNameRules.PostgreSql.ValidateName(name);
        DatabaseNameRules.Sqlite.ValidateName(name);
    }

    [Fact]
    public void Name_without_rules_rejects_what_one_server_forbids()
    {
        var error = Should.Throw<ArgumentException>(() => _session.DatabaseName("Orders"));

        error.ParamName.ShouldBe("prefix");
        error.Message.ShouldContain("'O'");
    }

    [Fact]
    public void Names_from_parallel_calls_are_distinct()
    {
        var names = new string[500];
        Parallel.For(0, names.Length, i => names[i] = _session.DatabaseName("p", DatabaseNameRules.Sqlite));

        names.Distinct().Count().ShouldBe(names.Length);
    }

    [Theory]
    [InlineData("my/db", "'/'")]
    [InlineData("my\\db", "'\\'")]
    [InlineData("my.db", "'.'")]
    [InlineData("my\"db", "'\"'")]
    [InlineData("my$db", "'$'")]
    [InlineData("my*db", "'*'")]
    [InlineData("my<db", "'<'")]
    [InlineData("my>db", "'>'")]
    [InlineData("my:db", "':'")]
    [InlineData("my|db", "'|'")]
    [InlineData("my?db", "'?'")]
    [InlineData("my db", "a space")]
    [InlineData("my\0db", "NUL")]
    [InlineData("MyDb", "upper-case letter 'M'")]
    public void MongoDB_prefix_with_a_forbidden_character_names_it(string prefix, string named)
    {
        var ex = Should.Throw<ArgumentException>(() => _session.DatabaseName(prefix, DatabaseNameRules.MongoDB));

        ex.ParamName.ShouldBe("prefix");
        ex.Message.ShouldContain(named);
        ex.Message.ShouldContain("MongoDB");
        ex.Message.ShouldContain(prefix == "MyDb" ? "index 0" : "index 2");
    }

    [Fact]
    public void MongoDB_limit_is_counted_in_utf8_bytes()
    {
        var rules = DatabaseNameRules.MongoDB;
        var fits = new string('ü', rules.MaxPrefixBytes / 2); // 2 bytes each
        var tooLong = fits + "ü";

        var name = _session.DatabaseName(fits, rules);
        Encoding.UTF8.GetByteCount(name).ShouldBeLessThan(64);

        var ex = Should.Throw<ArgumentException>(() => _session.DatabaseName(tooLong, rules));
        ex.ParamName.ShouldBe("prefix");
        ex.Message.ShouldContain($"{Encoding.UTF8.GetByteCount(tooLong)} bytes");
        ex.Message.ShouldContain($"limit of {rules.MaxPrefixBytes} bytes");
        ex.Message.ShouldContain("63 bytes");
    }

    [Fact]
    public void PostgreSql_allows_a_43_byte_prefix_and_names_stay_within_63_bytes()
    {
        var prefix = new string('a', 43);

        var name = _session.DatabaseName(prefix, DatabaseNameRules.PostgreSql);
        for (var i = 0; i < 200; i++)
        {
            name = _session.DatabaseName(prefix, DatabaseNameRules.PostgreSql);
        }

        name.Length.ShouldBeLessThanOrEqualTo(63);
        Should.Throw<ArgumentException>(() => _session.DatabaseName(new string('a', 44), DatabaseNameRules.PostgreSql))
            .Message.ShouldContain("44 bytes");
    }

    [Theory]
    [InlineData("1orders", "starts with '1'")]
    [InlineData("my-db", "'-'")]
    [InlineData("Orders", "upper-case letter 'O'")]
    [InlineData("ordérs", "'é'")]
    public void PostgreSql_prefix_problems_are_named(string prefix, string named)
    {
        var ex = Should.Throw<ArgumentException>(() => _session.DatabaseName(prefix, DatabaseNameRules.PostgreSql));

        ex.ParamName.ShouldBe("prefix");
        ex.Message.ShouldContain(named);
        ex.Message.ShouldContain("PostgreSQL");
    }

    [Theory]
    [InlineData("-app", "starts with '-'")]
    [InlineData("app.db", "'.'")]
    [InlineData("app db", "a space")]
    public void Sqlite_prefix_problems_are_named(string prefix, string named)
    {
        var ex = Should.Throw<ArgumentException>(() => _session.DatabaseName(prefix, DatabaseNameRules.Sqlite));

        ex.Message.ShouldContain(named);
        ex.Message.ShouldContain("SQLite");
    }

    [Fact]
    public void Sqlite_accepts_dashes_and_underscores() =>
        _session.DatabaseName("my-app_db", DatabaseNameRules.Sqlite).ShouldBe("my-app_db_" + _session.Id);

    [Fact]
    public void Empty_prefix_is_rejected() =>
        Should.Throw<ArgumentException>(() => _session.DatabaseName("", DatabaseNameRules.MongoDB)).ParamName.ShouldBe("prefix");

    [Fact]
    public void ValidateName_checks_whole_names()
    {
        DatabaseNameRules.PostgreSql.ValidateName("a_" + _session.Id);
        var ex = Should.Throw<ArgumentException>(() => DatabaseNameRules.PostgreSql.ValidateName(new string('a', 64)));

        ex.ParamName.ShouldBe("name");
        ex.Message.ShouldContain("64 bytes");
        ex.Message.ShouldContain("63");
    }

    [Fact]
    public void Rules_describe_their_server_and_limit()
    {
        DatabaseNameRules.MongoDB.ServerName.ShouldBe("MongoDB");
        DatabaseNameRules.MongoDB.MaxBytes.ShouldBe(63);
        DatabaseNameRules.PostgreSql.MaxBytes.ShouldBe(63);
        DatabaseNameRules.Sqlite.MaxBytes.ShouldBe(100);
    }

    [Fact]
    public void TryParse_recognises_generated_names()
    {
        var first = _session.DatabaseName("my_app", DatabaseNameRules.PostgreSql);
        var second = _session.DatabaseName("my_app", DatabaseNameRules.PostgreSql);

        SessionDatabaseNames.TryParse(first, out var prefix, out var id).ShouldBeTrue();
        (prefix, id).ShouldBe(("my_app", _session.Id));
        SessionDatabaseNames.TryParse(second, out prefix, out id).ShouldBeTrue();
        (prefix, id).ShouldBe(("my_app", _session.Id));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("orders_0m5x2k9qzab3f7")] // 14 characters
    [InlineData("orders_0M5X2K9QZAB3F7K")] // upper case
    [InlineData("_0m5x2k9qzab3f7k")] // no prefix
    [InlineData("orders_0m5x2k9qzab3f7k_")]
    [InlineData("orders_0m5x2k9qzab3f7k_x")]
    [InlineData("orders_0m5x2k9qzab3f7k\n")]
    [InlineData("")]
    public void TryParse_rejects_other_names(string name)
    {
        SessionDatabaseNames.TryParse(name, out var prefix, out var id).ShouldBeFalse();
        prefix.ShouldBeEmpty();
        id.ShouldBeEmpty();
    }
}
