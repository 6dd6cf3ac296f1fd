using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tractatus.TestIsolation.CodeFixes.Infrastructure;

namespace Tractatus.TestIsolation.CodeFixes.SessionValues;

/// <summary>
/// Every string literal with a given value in the solution. A fixed test-data value is how a
/// test finds its own data again (insert, filter, assertion, teardown), so all of its uses must
/// get the same per-session value or none.
/// </summary>
internal static class OccurrenceFinder
{
    public static async Task<IReadOnlyList<Occurrence>> FindAsync(Solution solution, string value, CancellationToken cancellationToken)
    {
        var found = new List<Occurrence>();
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp))
        {
            foreach (var document in project.Documents)
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
                {
                    if (!literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.Token.ValueText != value)
                    {
                        continue;
                    }

                    model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (model is null)
                    {
                        continue;
                    }

                    found.Add(Classify(document, model, literal, cancellationToken));
                }
            }
        }

        return found;
    }

    private static Occurrence Classify(Document document, SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        var topLevel = literal.Ancestors().OfType<TypeDeclarationSyntax>().LastOrDefault();
        var expression = Outermost(literal);
        var role = OccurrenceRole.Plain;
        ISymbol? declared = null;

        switch (expression.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                switch (declarator.Parent?.Parent)
                {
                    case FieldDeclarationSyntax field when field.Declaration.Variables.Count == 1:
                        role = OccurrenceRole.MemberInitializer;
                        declared = model.GetDeclaredSymbol(declarator, cancellationToken);
                        break;
                    case LocalDeclarationStatementSyntax { IsConst: true } local when local.Declaration.Variables.Count == 1:
                        role = OccurrenceRole.LocalConstInitializer;
                        declared = model.GetDeclaredSymbol(declarator, cancellationToken);
                        break;
                }

                break;
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                role = OccurrenceRole.MemberInitializer;
                declared = model.GetDeclaredSymbol(property, cancellationToken);
                break;
            case ArrowExpressionClauseSyntax:
            case ReturnStatementSyntax:
                role = OccurrenceRole.Returned;
                break;
        }

        if (role is OccurrenceRole.Plain or OccurrenceRole.Returned && ConstantContexts.RequiresConstant(literal))
        {
            role = OccurrenceRole.Frozen;
        }

        if (role == OccurrenceRole.MemberInitializer && declared is null)
        {
            role = OccurrenceRole.Frozen;
        }

        return new Occurrence(document, model, literal, role, topLevel, declared);
    }

    private static ExpressionSyntax Outermost(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }
}
