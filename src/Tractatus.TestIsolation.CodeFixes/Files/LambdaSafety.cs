using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.CodeFixes.Files;

/// <summary>
/// Whether code can move into a synchronous lambda (the transform passed to SharedStateFile) and
/// mean the same: no <c>await</c> or <c>yield</c>, and nothing a lambda cannot capture
/// (<c>ref</c>/<c>out</c>/<c>in</c> parameters, ref locals, ref structs, <c>this</c> of a struct).
/// </summary>
internal static class LambdaSafety
{
    public static bool CanMove(SemanticModel model, IReadOnlyList<SyntaxNode> nodes, DataFlowAnalysis? flow, ISet<SyntaxNode>? allowedAwaits = null)
    {
        foreach (var node in nodes)
        {
            foreach (var inner in node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (inner)
                {
                    case AwaitExpressionSyntax when allowedAwaits is null || !allowedAwaits.Contains(inner):
                    case YieldStatementSyntax:
                    case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                    case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                    case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }:
                    case LocalFunctionStatementSyntax:
                    case LabeledStatementSyntax:
                    case GotoStatementSyntax:
                    case StackAllocArrayCreationExpressionSyntax:
                        return false;
                }
            }
        }

        if (flow is null || !flow.Succeeded)
        {
            return false;
        }

        var declaredInside = new HashSet<ISymbol>(flow.VariablesDeclared, SymbolEqualityComparer.Default);
        foreach (var symbol in flow.ReadInside.Concat(flow.WrittenInside))
        {
            if (declaredInside.Contains(symbol))
            {
                continue;
            }

            switch (symbol)
            {
                case IParameterSymbol { IsThis: true } self when self.Type.IsValueType:
                case IParameterSymbol { RefKind: not RefKind.None }:
                case ILocalSymbol { IsRef: true }:
                case ILocalSymbol { Type.IsRefLikeType: true }:
                case IParameterSymbol { Type.IsRefLikeType: true }:
                    return false;
            }
        }

        return true;
    }

    /// <summary>A lambda parameter name not already visible at <paramref name="position"/> nor declared in <paramref name="region"/>.</summary>
    public static string FreshName(SemanticModel model, int position, IEnumerable<SyntaxNode> region, string preferred)
    {
        var declared = new HashSet<string>(
            region.SelectMany(n => n.DescendantNodesAndSelf())
                .Select(n => n switch
                {
                    VariableDeclaratorSyntax v => v.Identifier.ValueText,
                    SingleVariableDesignationSyntax d => d.Identifier.ValueText,
                    ParameterSyntax p => p.Identifier.ValueText,
                    IdentifierNameSyntax i => i.Identifier.ValueText,
                    _ => null,
                })
                .Where(n => n is not null)!);
        var name = preferred;
        for (var n = 2; declared.Contains(name) || !model.LookupSymbols(position, name: name).IsEmpty; n++)
        {
            name = preferred + n;
        }

        return name;
    }
}
