using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// Places where C# requires a compile-time constant. A literal there cannot become a run-time
/// value, and a <c>const</c> used there cannot become <c>static readonly</c>.
/// </summary>
internal static class ConstantContexts
{
    /// <summary>True when <paramref name="node"/> sits where only a constant is allowed.</summary>
    public static bool RequiresConstant(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeArgumentSyntax:
                case CaseSwitchLabelSyntax:
                case ConstantPatternSyntax:
                case RelationalPatternSyntax:
                    return true;
                case ParameterSyntax:
                    return true;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } } }
                    when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    return true;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } }
                    when local.IsConst:
                    return true;
                case StatementSyntax:
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the constant <paramref name="symbol"/> can become a read-only field or plain local:
    /// no reference to it anywhere in the solution needs a constant.
    /// </summary>
    public static async Task<bool> CanStopBeingConstantAsync(ISymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        var references = await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.IsImplicit || !location.Location.IsInSource)
            {
                continue;
            }

            var root = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            if (RequiresConstant(node))
            {
                return false;
            }
        }

        return true;
    }
}
