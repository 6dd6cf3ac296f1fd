using System.Data.Common;
using System.Text.RegularExpressions;

namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>
/// Removes passwords from every text the tool prints: the exact secrets taken from the connection strings
/// it was given (raw and URL-decoded), and anything shaped like a password in a connection string or URI,
/// so a driver message that echoes a setting cannot leak one either.
/// </summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private readonly List<string> _secrets = [];

    /// <summary>Remembers the password of an ADO.NET-style connection string (<c>Password=</c> / <c>Pwd=</c>).</summary>
    public void AddConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "password", "pwd" })
            {
                if (builder.TryGetValue(key, out var value) && value is string text)
                {
                    AddSecret(text);
                }
            }
        }
        catch (ArgumentException)
        {
            // Not parseable: the pattern in Redact still masks "Password=..." wherever it appears.
        }

        foreach (Match match in ConnectionStringPassword().Matches(connectionString))
        {
            AddSecret(match.Groups["secret"].Value.Trim().Trim('\'', '"'));
        }
    }

    /// <summary>Remembers the password in a URI's user info (<c>mongodb://user:password@host</c>).</summary>
    public void AddUri(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return;
        }

        foreach (Match match in UriPassword().Matches(uri))
        {
            AddSecret(match.Groups["secret"].Value);
        }
    }

    /// <summary>The text with every known secret and every password-shaped value masked.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        List<string> secrets;
        lock (_secrets)
        {
            secrets = [.. _secrets];
        }

        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = ConnectionStringPassword().Replace(text, m => m.Groups["key"].Value + Mask);
        return UriPassword().Replace(text, m => m.Groups["head"].Value + Mask + "@");
    }

    private void AddSecret(string secret)
    {
        // A one- or two-character "secret" would mask random letters all over the output; the patterns still catch it in context.
        if (secret.Length < 3)
        {
            return;
        }

        lock (_secrets)
        {
            foreach (var form in new[] { secret, Uri.UnescapeDataString(secret), Uri.EscapeDataString(secret) })
            {
                if (!_secrets.Contains(form))
                {
                    _secrets.Add(form);
                }
            }

            // Longest first, so a secret that contains another is masked whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*=\s*)(?<secret>'[^']*'|""[^""]*""|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"(?<head>[a-z][a-z0-9+.-]*://[^:@/\s]*:)(?<secret>[^@/\s]*)@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}
