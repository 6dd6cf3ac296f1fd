using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Argument-validation tests hand fixed names and keys to calls they expect to throw (xUnit
/// <c>Assert.Throws</c>, NUnit <c>Assert.That(…, Throws…)</c>, MSTest, Shouldly, FluentAssertions' <c>act</c>
/// locals): the call fails before anything reaches the server. The same call asserted not to throw, or
/// made outside the assertion, writes.
/// </summary>
public class HeldOutExpectedExceptionsTests
{
    // The assertion libraries' entry points as suites call them (the rule goes by the assertion's name).
    private const string AssertionLibraries = """
        namespace Shouldly
        {
            public static class Should
            {
                public static T Throw<T>(System.Action action) where T : System.Exception => default!;
            }
        }

        namespace FluentAssertions
        {
            public sealed class ActionAssertions
            {
                public void Throw<T>() where T : System.Exception { }
                public void NotThrow() { }
            }

            public static class AssertionExtensions
            {
                public static ActionAssertions Should(this System.Action action) => new();
            }
        }
        """;

    private const string Documents = """
        public class Document { public string Id { get; set; } = ""; public string Slug { get; set; } = ""; }

        public static class Store
        {
            public static IMongoCollection<Document> Documents { get; } =
                new MongoClient("mongodb://localhost").GetDatabase(Environment.GetEnvironmentVariable("DB")!).GetCollection<Document>("documents");
        }
        """;

    [Fact]
    public Task Not_flagged_database_names_in_calls_expected_to_throw() => Run(new Shape("""
        using Shouldly;

        public class ConnectionFacts
        {
            [Fact]
            public void Rejects_a_bad_port() =>
                Assert.Throws<ArgumentException>(() => new NpgsqlConnection("Host=localhost;Port=-1;Database=orders_tests"));

            [Fact]
            public async Task Rejects_a_missing_database() =>
                await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await using var connection = new NpgsqlConnection("Host=localhost;Database=no_such_db");
                    await connection.OpenAsync();
                });

            [Fact]
            public void Rejects_a_bad_database_name() =>
                Should.Throw<ArgumentException>(() => new MongoClient("mongodb://localhost").GetDatabase("bad/name"));
        }
        """) { Files = [("Assertions.cs", AssertionLibraries)] });

    [Fact]
    public Task Not_flagged_keys_written_in_calls_expected_to_throw_xunit_and_fluent() => Run(new Shape("""
        using FluentAssertions;

        public class DuplicateFacts
        {
            [Fact]
            public void Null_slug_is_rejected()
            {
                Action act = () => Store.Documents.InsertOne(new Document { Id = "doc-1", Slug = null! });
                act.Should().Throw<ArgumentNullException>();
            }

            [Fact]
            public void Second_insert_is_rejected() =>
                Assert.Throws<MongoWriteException>(() => Store.Documents.InsertOne(new Document { Slug = "xunit-slug" }));
        }
        """) { Files = [("Assertions.cs", AssertionLibraries), ("Store.cs", Documents)] });

    [Fact]
    public Task Not_flagged_keys_handed_to_a_helper_inside_a_call_expected_to_throw() => Run(new Shape("""
        public static class Locks
        {
            public static void Acquire(NpgsqlConnection connection, string resource) =>
                connection.Execute("INSERT INTO locks (resource, acquired) VALUES (@resource, now())", new { resource });
        }

        public class LockFacts
        {
            [Fact]
            public void Acquire_throws_when_the_connection_is_null() =>
                Assert.Throws<ArgumentNullException>(() => Locks.Acquire(null!, "hello"));

            [Fact]
            public void Acquire_takes_the_lock()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                Locks.Acquire(connection, {|TI1001:"exclusive"|});
            }
        }
        """));

    [Fact]
    public Task Not_flagged_keys_written_in_calls_expected_to_throw_nunit() => Run(new Shape("""
        public class NunitDuplicateFacts
        {
            [Test]
            public void Constraint() =>
                Assert.That(() => Store.Documents.InsertOne(new Document { Slug = "nunit-slug" }), Throws.TypeOf<MongoWriteException>());

            [Test]
            public void Catch() => Assert.Catch(() => Store.Documents.InsertOne(new Document { Slug = "nunit-catch" }));
        }
        """) { Project = TestProject.NUnit, Files = [("Store.cs", Documents)] });

    [Fact]
    public Task Not_flagged_keys_written_in_calls_expected_to_throw_mstest() => Run(new Shape("""
        [TestClass]
        public class MstestDuplicateFacts
        {
            [TestMethod]
            public void Rejected() =>
                Assert.ThrowsException<MongoWriteException>(() => Store.Documents.InsertOne(new Document { Slug = "mstest-slug" }));
        }
        """) { Project = TestProject.MSTest, Files = [("Store.cs", Documents)] });

    [Fact]
    public Task Flagged_when_the_assertion_expects_success_or_the_write_is_outside_it() => Run(new Shape("""
        using FluentAssertions;

        public class WriteFacts
        {
            [Fact]
            public void Duplicate_is_rejected()
            {
                Store.Documents.InsertOne(new Document { Slug = {|TI1001:"first-slug"|} });
                Assert.Throws<MongoWriteException>(() => Store.Documents.InsertOne(new Document { Slug = "first-slug-again" }));
            }

            [Fact]
            public void Insert_succeeds()
            {
                Action act = () => Store.Documents.InsertOne(new Document { Slug = {|TI1001:"fluent-slug"|} });
                act.Should().NotThrow();
            }

            [Fact]
            public void Recorded()
            {
                var error = Record.Exception(() => Store.Documents.InsertOne(new Document { Slug = {|TI1001:"recorded-slug"|} }));
                Assert.Null(error);
            }

            [Fact]
            public void Connects() =>
                Assert.Null(Record.Exception(() => new NpgsqlConnection({|TI1002:"Host=localhost;Database=orders_tests"|}).Open()));
        }
        """) { Files = [("Assertions.cs", AssertionLibraries), ("Store.cs", Documents)] });

    [Fact]
    public Task Flagged_when_nunit_expects_nothing_to_be_thrown() => Run(new Shape("""
        public class NunitWriteFacts
        {
            [Test]
            public void Inserts() =>
                Assert.That(() => Store.Documents.InsertOne(new Document { Slug = {|TI1001:"nunit-nothing"|} }), Throws.Nothing);
        }
        """) { Project = TestProject.NUnit, Files = [("Store.cs", Documents)] });
}
