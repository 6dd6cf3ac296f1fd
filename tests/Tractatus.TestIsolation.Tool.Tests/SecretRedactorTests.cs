using Shouldly;
using Tractatus.TestIsolation.Tool.Settings;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("Host=db;Username=ci;Password=pa55-word;Database=postgres", "pa55-word")]
    [InlineData("Host=db;Username=ci;PWD='quoted;secret';Database=postgres", "quoted;secret")]
    [InlineData("host=db;password = spaced-secret ;", "spaced-secret")]
    public void A_connection_string_password_is_masked_wherever_it_reappears(string connectionString, string secret)
    {
        var redactor = new SecretRedactor();
        redactor.AddConnectionString(connectionString);

        redactor.Redact(connectionString).ShouldNotContain(secret);
        redactor.Redact($"server said: login with '{secret}' failed").ShouldBe($"server said: login with '{SecretRedactor.Mask}' failed");
    }

    [Fact]
    public void A_uri_password_is_masked_raw_and_url_decoded()
    {
        var redactor = new SecretRedactor();
        redactor.AddUri("mongodb://ci:p%40ss-word@db:27017/?authSource=admin");

        var text = redactor.Redact("mongodb://ci:p%40ss-word@db:27017/ and p@ss-word");

        text.ShouldBe($"mongodb://ci:{SecretRedactor.Mask}@db:27017/ and {SecretRedactor.Mask}");
    }

    [Fact]
    public void Password_shaped_text_is_masked_even_when_the_secret_was_never_registered()
    {
        var redactor = new SecretRedactor();

        redactor.Redact("Keyword 'Password=unknown-one;Host=x' and mongodb+srv://u:unknown-two@cluster/")
            .ShouldBe($"Keyword 'Password={SecretRedactor.Mask};Host=x' and mongodb+srv://u:{SecretRedactor.Mask}@cluster/");
    }

    [Fact]
    public void The_redacting_writer_masks_a_secret_written_in_pieces()
    {
        var redactor = new SecretRedactor();
        redactor.AddConnectionString("Host=db;Password=split-secret");
        var inner = new StringWriter();
        using (var writer = new RedactingTextWriter(inner, redactor))
        {
            writer.Write("before split-");
            writer.Write("secret after");
            writer.WriteLine();
        }

        inner.ToString().ShouldBe($"before {SecretRedactor.Mask} after{Environment.NewLine}");
    }
}
