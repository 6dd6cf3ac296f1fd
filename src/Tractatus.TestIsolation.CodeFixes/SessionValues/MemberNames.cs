using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>
/// Names for the fields the fixes add: readable (from the value: "test-document-integration" →
/// <c>TestDocumentIntegrationSlug</c>) and unique in the type, also among fields added in the same batch.
/// </summary>
internal sealed class MemberNames
{
    private const int MaxWords = 5;
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _taken = new(SymbolEqualityComparer.Default);

    public string For(INamedTypeSymbol type, string value, SessionValueKind kind)
    {
        if (!_taken.TryGetValue(type, out var taken))
        {
            taken = new HashSet<string>(type.MemberNames);
            taken.Add(type.Name);
            _taken[type] = taken;
        }

        var suffix = kind switch
        {
            SessionValueKind.Email => "Email",
            SessionValueKind.Slug => "Slug",
            _ => "DatabaseName",
        };
        var stem = Stem(value);
        if (stem.EndsWith(suffix, System.StringComparison.Ordinal))
        {
            suffix = string.Empty;
        }

        var name = stem + suffix;
        for (var n = 2; taken.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None; n++)
        {
            name = stem + suffix + n;
        }

        taken.Add(name);
        return name;
    }

    private static string Stem(string value)
    {
        var builder = new StringBuilder();
        var words = 0;
        var startOfWord = true;
        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c) || c > 127)
            {
                startOfWord = true;
                continue;
            }

            if (startOfWord)
            {
                if (++words > MaxWords)
                {
                    break;
                }

                builder.Append(char.ToUpperInvariant(c));
                startOfWord = false;
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Value");
        }

        return builder.ToString();
    }
}
