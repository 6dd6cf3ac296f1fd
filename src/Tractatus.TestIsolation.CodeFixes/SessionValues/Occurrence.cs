using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>How a string literal with the fixed value is used.</summary>
internal enum OccurrenceRole
{
    /// <summary>An expression anywhere else.</summary>
    Plain,

    /// <summary>The whole initializer of a field or auto-property (const or not).</summary>
    MemberInitializer,

    /// <summary>The whole initializer of a local <c>const</c>.</summary>
    LocalConstInitializer,

    /// <summary>What a member returns (<c>=&gt; "x"</c>, <c>return "x";</c>): evaluated on every call.</summary>
    Returned,

    /// <summary>Where C# needs a constant (attribute argument, case label, pattern, default value).</summary>
    Frozen,
}

/// <summary>One string literal with the value being made per-session.</summary>
internal sealed class Occurrence
{
    public Occurrence(Document document, SemanticModel model, LiteralExpressionSyntax literal, OccurrenceRole role, TypeDeclarationSyntax? topLevelType, ISymbol? declared)
    {
        Document = document;
        Model = model;
        Literal = literal;
        Role = role;
        TopLevelType = topLevelType;
        Declared = declared;
    }

    public Document Document { get; }

    public SemanticModel Model { get; }

    public LiteralExpressionSyntax Literal { get; }

    public OccurrenceRole Role { get; }

    /// <summary>The outermost type declaration around the literal, if any.</summary>
    public TypeDeclarationSyntax? TopLevelType { get; }

    /// <summary>The field, property or local the literal initializes, for the initializer roles.</summary>
    public ISymbol? Declared { get; }
}
