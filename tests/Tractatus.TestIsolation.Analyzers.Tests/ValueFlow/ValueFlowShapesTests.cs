using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.ValueFlow;

/// <summary>
/// Shapes the value-flow engine follows beyond the measured ones: parameters at their call
/// sites, helpers that build the written object, ADO.NET parameter forms, foreach over literals,
/// string.Format and conditionals. Each flagged shape has a not-flagged twin with a per-run value.
/// </summary>
public class ValueFlowShapesTests
{
    private const string Store = """

        public class Doc
        {
            public string Id { get; set; } = "";
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
        }

        public static class Shared
        {
            public static IMongoCollection<Doc> Docs { get; } =
                new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(Environment.GetEnvironmentVariable("MONGO_DB")).GetCollection<Doc>("docs");

            public static NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_TESTS"));
        }
        """;

    [Fact]
    public Task Parameter_given_a_literal_at_its_call_site_is_flagged_there() => Test("""
        public class SeedTests
        {
            private static Task Seed(string slug) => Shared.Docs.InsertOneAsync(new Doc { Slug = slug, Title = "Seeded" });

            [Fact]
            public Task Seeds_one() => Seed({|TI1001:"call-site-slug"|});

            [Fact]
            public Task Seeds_unique() => Seed(Guid.NewGuid().ToString("N"));
        }
        """ + Store);

    [Fact]
    public Task Helper_that_builds_the_written_document_is_followed() => Test("""
        public class OrderTests
        {
            private static Doc NewDoc(string id) => new() { Id = id, Title = "Order" };

            [Fact]
            public async Task Inserts()
            {
                await Shared.Docs.InsertOneAsync(NewDoc({|TI1001:"order-1"|}));
                await Shared.Docs.InsertOneAsync(NewDoc($"order-{Guid.NewGuid():N}"));
            }
        }
        """ + Store);

    [Fact]
    public Task Ado_net_parameter_forms_of_a_writing_command_are_flagged() => Test("""
        public class AccountTests
        {
            [Fact]
            public void Inserts()
            {
                using var connection = Shared.Open();
                using var command = new NpgsqlCommand("INSERT INTO accounts (slug, email, code, title) VALUES (@slug, @email, @code, @title)", connection);
                command.Parameters.Add(new NpgsqlParameter("slug", {|TI1001:"acct-1"|}));
                command.Parameters.Add(new NpgsqlParameter { ParameterName = "email", Value = {|TI1001:"a@example.com"|} });
                command.Parameters.Add("@code", NpgsqlTypes.NpgsqlDbType.Text).Value = {|TI1001:"ACME"|};
                command.Parameters.AddWithValue("title", NpgsqlTypes.NpgsqlDbType.Text, "Account");
                command.ExecuteNonQuery();
            }
        }
        """ + Store);

    [Fact]
    public Task Ado_net_parameters_of_a_query_or_with_per_run_values_are_not_flagged() => Test("""
        public class AccountQueryTests
        {
            [Fact]
            public void Reads()
            {
                using var connection = Shared.Open();
                using var query = new NpgsqlCommand("SELECT * FROM accounts WHERE slug = @slug", connection);
                query.Parameters.Add(new NpgsqlParameter("slug", "acct-1"));
                query.ExecuteReader();
                using var insert = new NpgsqlCommand("INSERT INTO accounts (slug) VALUES (@slug)", connection);
                insert.Parameters.Add("@slug", NpgsqlTypes.NpgsqlDbType.Text).Value = "acct-" + Guid.NewGuid();
                insert.ExecuteNonQuery();
            }
        }
        """ + Store);

    [Fact]
    public Task Update_set_of_an_identifier_column_is_flagged() => Test("""
        public class RenameTests
        {
            [Fact]
            public void Renames()
            {
                using var connection = Shared.Open();
                connection.Execute("UPDATE users SET email = {|TI1001:'renamed@example.com'|}, display_name = 'Renamed' WHERE id = @id", new { id = 5 });
                connection.Execute("UPDATE users SET display_name = 'Renamed' WHERE id = @id", new { id = 5 });
            }
        }
        """ + Store);

    [Fact]
    public Task Foreach_over_literals_flags_each_literal_and_not_per_run_ones() => Test("""
        public class TagTests
        {
            [Fact]
            public async Task Seeds()
            {
                foreach (var slug in new[] { {|TI1001:"red"|}, {|TI1001:"green"|} })
                {
                    await Shared.Docs.InsertOneAsync(new Doc { Slug = slug });
                }

                foreach (var n in Enumerable.Range(0, 3))
                {
                    await Shared.Docs.InsertOneAsync(new Doc { Slug = $"tag-{n}-{Guid.NewGuid():N}" });
                }
            }
        }
        """ + Store);

    [Fact]
    public Task Format_and_conditional_names_are_followed() => Test("""
        public class NamingTests
        {
            private const string Prefix = "shop";

            [Fact]
            public void Connects()
            {
                var ci = Environment.GetEnvironmentVariable("CI") is not null;
                using var connection = new NpgsqlConnection({|TI1002:string.Format("Host=db;Database={0}_tests", Prefix)|});
                var client = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL"));
                client.GetDatabase(ci ? {|TI1002:"ci_db"|} : {|TI1002:"local_db"|});
                client.GetDatabase(string.Format("{0}_{1}", Prefix, Guid.NewGuid().ToString("N")));
            }
        }
        """);

    [Fact]
    public Task Formattable_string_invariant_names_are_followed() => Test("""
        public class InvariantNamingTests
        {
            private const string Prefix = "shop";

            [Fact]
            public void Connects()
            {
                using var connection = new NpgsqlConnection(FormattableString.Invariant({|TI1002:$"Host=db;Database={Prefix}_tests"|}));
                using var perRun = new NpgsqlConnection(FormattableString.Invariant($"Host=db;Database={Prefix}_{Guid.NewGuid():N}"));
            }
        }
        """);

    [Fact]
    public Task Theory_data_written_to_a_store_is_flagged_on_the_attribute_argument() => Test("""
        public class TenantTheoryTests
        {
            [Theory]
            [InlineData({|TI1001:"acme"|}, "Acme")]
            [InlineData({|TI1001:"globex"|}, "Globex")]
            public Task Creates(string slug, string title) => Shared.Docs.InsertOneAsync(new Doc { Slug = slug, Title = title });

            [Theory]
            [InlineData("acme")]
            public void Only_asserts(string slug) => Assert.Equal("acme", slug);
        }
        """ + Store);

    [Fact]
    public Task Update_definitions_that_set_identifiers_are_flagged() => Test("""
        public class UpsertTests
        {
            [Fact]
            public async Task Upserts()
            {
                var id = Guid.NewGuid().ToString("N");
                await Shared.Docs.UpdateOneAsync(
                    Builders<Doc>.Filter.Eq(d => d.Id, id),
                    Builders<Doc>.Update.Set(d => d.Title, "Renamed").Set(d => d.Slug, {|TI1001:"renamed-slug"|}),
                    new UpdateOptions { IsUpsert = true });
                await Shared.Docs.UpdateOneAsync(
                    Builders<Doc>.Filter.Eq(d => d.Id, id),
                    Builders<Doc>.Update.Set(d => d.Slug, "slug-" + id));
            }
        }
        """ + Store);
}
