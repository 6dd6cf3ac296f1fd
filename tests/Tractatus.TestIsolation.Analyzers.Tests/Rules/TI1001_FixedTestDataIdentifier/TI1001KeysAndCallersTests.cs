using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// TI1001: keys parsed from fixed text (their suggestion is a new key of their type), and data that
/// reaches a store through helpers in other types (only the call that writes counts).
/// </summary>
public class TI1001KeysAndCallersTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Xunit;

        public class Item
        {
            public string Id { get; set; } = "";
            public string Name { get; set; } = "";
        }

        public class Tracked
        {
            public Guid Id { get; set; }
        }

        public static class Store
        {
            public static IMongoDatabase Database { get; set; } = null!;
        }

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(Usings + source, TestProject.Xunit, null, expected);

    private static DiagnosticResult Diagnostic(int markup) =>
        new DiagnosticResult(Descriptors.FixedTestDataIdentifier).WithLocation(markup);

    [Fact]
    public Task Object_id_parsed_from_fixed_hex_suggests_a_generated_id() => Verify("""
        public class Tests
        {
            [Fact]
            public void Inserts() => Store.Database.GetCollection<BsonDocument>("things")
                .InsertOne(new BsonDocument("_id", ObjectId.Parse({|#0:"5f1b2c3d4e5f6a7b8c9d0e1f"|})));
        }
        """, Diagnostic(0).WithArguments("_id", "5f1b2c3d4e5f6a7b8c9d0e1f", "ObjectId.GenerateNewId()"));

    [Fact]
    public Task Guid_field_parsed_from_fixed_text_suggests_a_new_guid() => Verify("""
        public class Tests
        {
            private static readonly Guid Known = new Guid("0b8a1c7e-4a57-4c59-9a5b-3c2f0f6b1a11");

            [Fact]
            public void Inserts() => Store.Database.GetCollection<Tracked>("tracked").InsertOne(new Tracked { Id = {|#0:Known|} });
        }
        """, Diagnostic(0).WithArguments("Id", "0b8a1c7e-4a57-4c59-9a5b-3c2f0f6b1a11", "Guid.NewGuid()"));

    [Fact]
    public Task Generated_guid_is_not_flagged() => Verify("""
        public class Tests
        {
            [Fact]
            public void Inserts() => Store.Database.GetCollection<Tracked>("tracked").InsertOne(new Tracked { Id = Guid.NewGuid() });
        }
        """);

    [Fact]
    public Task Factory_used_with_a_fixed_id_only_in_memory_is_not_flagged_where_another_call_writes() => Verify("""
        public static class Items
        {
            public static Item Create(string id) => new() { Id = id, Name = "n" };
        }

        public class MappingTests
        {
            [Fact]
            public void Maps() => Assert.Equal("fixed-id", Items.Create("fixed-id").Id);
        }

        public class StoreTests
        {
            [Fact]
            public void Inserts() => Store.Database.GetCollection<Item>("items").InsertOne(Items.Create(Guid.NewGuid().ToString()));
        }
        """);

    [Fact]
    public Task Write_inside_a_shared_helper_is_reported_at_each_caller_with_a_fixed_id() => Verify("""
        public class Repository
        {
            public void Save(Item item) => Store.Database.GetCollection<Item>("items").InsertOne(item);
        }

        public class FirstTests
        {
            [Fact]
            public void Saves() => new Repository().Save(new Item { Id = {|#0:"first"|} });
        }

        public class SecondTests
        {
            [Fact]
            public void Saves() => new Repository().Save(new Item { Id = Guid.NewGuid().ToString() });
        }
        """, Diagnostic(0).WithArguments("Id", "first", "TestSession.Current.Slug(\"first\")"));
}
