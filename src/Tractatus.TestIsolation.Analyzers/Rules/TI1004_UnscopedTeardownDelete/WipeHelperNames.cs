using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Names of this compilation's methods whose text mentions a wipe (delete, truncate, drop, a
/// script resource) or calls such a method: only calls by these names are bound. A text test over
/// the declarations, answered per name on demand, so only the methods named in hooks' calls (and
/// the helpers those name) are read rather than every method body of the compilation.
/// Not thread-safe: used inside the once-per-compilation walk of <see cref="SetupAndTeardownMethods"/>.
/// </summary>
internal sealed class WipeHelperNames
{
    private readonly HashSet<string> _helperNames;
    private readonly Dictionary<string, List<SyntaxReference>> _declarations;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, bool> _wipes = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _wipesOrCallsWiper = new(System.StringComparer.Ordinal);

    /// <param name="helperNames">Names of the compilation's ordinary methods that are not hooks.</param>
    /// <param name="declarations">Every method declaration of the compilation by name.</param>
    /// <param name="cancellationToken">Cancels reading the declarations.</param>
    public WipeHelperNames(HashSet<string> helperNames, Dictionary<string, List<SyntaxReference>> declarations, CancellationToken cancellationToken)
    {
        _helperNames = helperNames;
        _declarations = declarations;
        _cancellationToken = cancellationToken;
    }

    /// <summary>A name of one of the compilation's ordinary methods that are not hooks.</summary>
    public bool IsDeclared(string name) => _helperNames.Contains(name);

    /// <summary>
    /// A call that hands a helper wipe SQL (<c>RunDbCommand(conn, "delete from qrtz_locks")</c>): the
    /// helper runs it whatever its own body says. Only the call's argument literals are read.
    /// </summary>
    public static bool PassesWipeText(InvocationExpressionSyntax call)
    {
        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax { Token: var token } && token.IsKind(SyntaxKind.StringLiteralToken) &&
                ContainsSqlWipeVerb(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A helper whose body mentions a wipe, or calls (by name) a helper whose body does.</summary>
    public bool Contains(string name)
    {
        if (!_helperNames.Contains(name))
        {
            return false;
        }

        if (_wipesOrCallsWiper.TryGetValue(name, out var known))
        {
            return known;
        }

        var result = Wipes(name) || CallsWiper(name);
        _wipesOrCallsWiper[name] = result;
        return result;
    }

    private bool Wipes(string name)
    {
        if (!_helperNames.Contains(name))
        {
            return false;
        }

        if (_wipes.TryGetValue(name, out var known))
        {
            return known;
        }

        var result = false;
        foreach (var body in Bodies(name))
        {
            if (MentionsWipe(body))
            {
                result = true;
                break;
            }
        }

        _wipes[name] = result;
        return result;
    }

    // One level only: a helper that calls a wiping helper.
    private bool CallsWiper(string name)
    {
        foreach (var body in Bodies(name))
        {
            foreach (var token in body.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText != name && Wipes(token.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private IEnumerable<SyntaxNode> Bodies(string name)
    {
        if (_declarations.TryGetValue(name, out var references))
        {
            foreach (var reference in references)
            {
                if (reference.GetSyntax(_cancellationToken) is MethodDeclarationSyntax declaration)
                {
                    yield return declaration;
                }
            }
        }
    }

    private static bool MentionsWipe(SyntaxNode body)
    {
        foreach (var token in body.DescendantTokens())
        {
            if ((token.IsKind(SyntaxKind.IdentifierToken) || token.IsKind(SyntaxKind.StringLiteralToken) ||
                 token.IsKind(SyntaxKind.InterpolatedStringTextToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) ||
                 token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)) &&
                ContainsWipeWord(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    // The names of library wipes (Respawn's ResetAsync, Marten's CompletelyRemoveAll, Redis's
    // FlushDatabase, Quartz's Clear, NEventStore's Purge; see StoreResets), next to the SQL verbs.
    private static readonly string[] LibraryWipeWords = { "resource", "reset", "removeall", "flush", "clear", "purge" };

    private static bool ContainsSqlWipeVerb(string text) =>
        text.IndexOf("delete", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
        text.IndexOf("truncate", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
        text.IndexOf("drop", System.StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool ContainsWipeWord(string text)
    {
        if (ContainsSqlWipeVerb(text))
        {
            return true;
        }

        foreach (var word in LibraryWipeWords)
        {
            if (text.IndexOf(word, System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
