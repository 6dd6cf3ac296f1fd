using Shouldly;
using Tractatus.TestIsolation.Run;
using Tractatus.TestIsolation.Sqlite;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>The fixture as xUnit drives it, inside a run started by the framework hook.</summary>
public sealed class FixtureEndToEndTests(DocumentsFixture fixture) : IClassFixture<DocumentsFixture>
{
    [Fact]
    public void The_framework_hook_started_the_run_session_before_any_test()
    {
        var run = SessionRun.Active;

        run.ShouldNotBeNull("[assembly: UseSessionIsolation] should have started a run");
        TestSession.Current.ShouldBeSameAs(run.Session);
        fixture.Session.ShouldBeSameAs(run.Session);
        run.IsEnding.ShouldBeFalse();
    }

    [Fact]
    public void The_session_database_file_exists_while_tests_run()
    {
        File.Exists(fixture.Database.DisplayName).ShouldBeTrue();
        fixture.DatabaseName.ShouldBe(TestSession.Current.Options.DatabasePrefix + "_" + TestSession.Current.Id);
        Path.GetFileName(fixture.Database.DisplayName).ShouldBe(fixture.DatabaseName + ".db");
    }

    [Fact]
    public async Task The_seeded_row_is_there_under_its_session_slug()
    {
        await using var connection = await fixture.Provider.OpenConnectionAsync(fixture.Database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT title FROM documents WHERE slug = $slug";
        command.Parameters.AddWithValue("$slug", fixture.SeededSlug);

        (await command.ExecuteScalarAsync()).ShouldBe("Test Document");
        fixture.SeededSlug.ShouldStartWith("test-document-integration-" + fixture.Session.Id + "-");
    }

    [Fact]
    public void The_registry_records_the_database_as_created_and_not_yet_dropped()
    {
        var registered = SessionDatabaseRegistry.Shared.Databases.Single(d => d.Database == fixture.Database);


        registered.IsDropped.ShouldBeFalse();
        registered.Session.ShouldBeSameAs(fixture.Session);
        registered.Provider.ShouldBeSameAs(fixture.Provider);
    }

    [Fact]
    public void Generated_values_carry_the_session_id_and_differ_per_call()
    {
        var id = fixture.Session.Id;

        fixture.Slug("doc").ShouldNotBe(fixture.Slug("doc"));
        fixture.Unique("Alice").ShouldStartWith("Alice-" + id);
        fixture.Email("a@example.com").ShouldStartWith("a+" + id);
    }

    [Fact]
    public void The_typed_provider_points_at_the_folder_of_the_database()
    {
        Path.GetDirectoryName(fixture.Database.DisplayName).ShouldBe(fixture.Provider.Folder);
        fixture.Database.ConnectionString.ShouldContain(fixture.Database.DisplayName);
    }
}
