using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Namespace checks by name without formatting the symbol: <c>ToDisplayString()</c> builds a string
/// at every call, and these checks run for most operations of a compilation.
/// </summary>
internal static class Namespaces
{
    /// <summary>True when <paramref name="symbol"/> is declared directly in the namespace <paramref name="qualifiedName"/> (e.g. <c>System.IO</c>).</summary>
    public static bool IsDeclaredIn(ISymbol? symbol, string qualifiedName)
    {
        var end = qualifiedName.Length;
        for (var current = symbol?.ContainingNamespace; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (end <= 0)
            {
                return false;
            }

            var start = qualifiedName.LastIndexOf('.', end - 1) + 1;
            var length = end - start;
            if (current.Name.Length != length || string.CompareOrdinal(current.Name, 0, qualifiedName, start, length) != 0)
            {
                return false;
            }

            end = start - 1;
        }

        return symbol is not null && end == -1;
    }

    /// <summary>True when <paramref name="type"/> is <c>namespace.name</c>.</summary>
    public static bool Is(ITypeSymbol? type, string qualifiedNamespace, string name) =>
        type is not null && type.Name == name && IsDeclaredIn(type, qualifiedNamespace);

    /// <summary>True when <paramref name="symbol"/> is declared in the namespace <paramref name="root"/> or one below it (<c>Weasel</c>: <c>Weasel.Postgresql</c>).</summary>
    public static bool IsUnder(ISymbol? symbol, string root)
    {
        var current = symbol?.ContainingNamespace;
        while (current is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            current = current.ContainingNamespace;
        }

        return current is { IsGlobalNamespace: false } && current.Name == root;
    }
}
