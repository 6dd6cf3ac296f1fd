using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// The per-session replacement a message suggests: through a <c>SessionIsolatedFixture</c> the
/// code can reach (the containing type itself, a field, property or parameter), else through
/// the ambient <c>TestSession.Current</c>. The runtime is not referenced by analyzers, so the
/// fixture is recognised by its type name.
/// </summary>
internal static class FixSuggestion
{
    private const string FixtureTypeName = "SessionIsolatedFixture";

    /// <summary><c>fixture.Slug("value")</c> or <c>TestSession.Current.Slug("value")</c>.</summary>
    public static string Slug(ISymbol? containingSymbol, string value) =>
        Receiver(containingSymbol, "TestSession.Current") + "Slug(" + Quote(value) + ")";

    /// <summary><c>fixture.DatabaseName</c> or <c>TestSession.Current.DatabaseName("name")</c>.</summary>
    public static string DatabaseName(ISymbol? containingSymbol, string name)
    {
        var receiver = Receiver(containingSymbol, null);
        return receiver is null
            ? "TestSession.Current.DatabaseName(" + Quote(name) + ")"
            : receiver + "DatabaseName";
    }

    // The answer depends on the containing member alone; reports in one member ask again and again.
    private static readonly ConditionalWeakTable<ISymbol, StrongBox<string?>> Receivers = new();

    private static string? Receiver(ISymbol? containingSymbol, string? fallback)
    {
        if (containingSymbol is null)
        {
            return fallback is null ? null : fallback + ".";
        }

        if (!Receivers.TryGetValue(containingSymbol, out var known))
        {
            var found = FixtureReceiver(containingSymbol);
            known = Receivers.GetValue(containingSymbol, _ => new StrongBox<string?>(found));
        }

        return known.Value ?? (fallback is null ? null : fallback + ".");
    }

    // `parameter.`, `member.` or "" (the type is the fixture) when a SessionIsolatedFixture is in reach; else null.
    private static string? FixtureReceiver(ISymbol containingSymbol)
    {
        var method = containingSymbol as IMethodSymbol;
        while (method is { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && method.ContainingSymbol is IMethodSymbol outer)
        {
            method = outer;
        }

        if (method is not null)
        {
            foreach (var parameter in method.Parameters)
            {
                if (IsFixture(parameter.Type))
                {
                    return parameter.Name + ".";
                }
            }
        }

        var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
        if (type is null)
        {
            return null;
        }

        if (IsFixture(type))
        {
            return string.Empty;
        }

        // C# 12 primary constructor parameters are in scope in every instance member.
        if (containingSymbol.IsStatic != true)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (IsPrimaryConstructor(constructor))
                {
                    foreach (var parameter in constructor.Parameters)
                    {
                        if (IsFixture(parameter.Type))
                        {
                            return parameter.Name + ".";
                        }
                    }
                }
            }
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (memberType is not null && IsFixture(memberType) && (member.IsStatic || containingSymbol.IsStatic != true))
                {
                    return member.Name + ".";
                }
            }
        }

        return null;
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type is or derives from a type named <c>SessionIsolatedFixture</c>.</summary>
    public static bool IsFixture(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == FixtureTypeName)
            {
                return true;
            }
        }

        return false;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
