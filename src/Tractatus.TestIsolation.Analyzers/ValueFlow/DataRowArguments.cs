using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The fixed arguments a data-driven test receives from its attributes: xUnit <c>[InlineData]</c>,
/// NUnit <c>[TestCase]</c>, MSTest <c>[DataRow]</c>, TUnit <c>[Arguments]</c>. Each string at the
/// parameter's position is a value the test runs with in every run, reported on the attribute argument.
/// </summary>
internal static class DataRowArguments
{
    private static readonly ImmutableHashSet<string> DataAttributes = ImmutableHashSet.Create(
        "InlineDataAttribute", "TestCaseAttribute", "DataRowAttribute", "ArgumentsAttribute");

    public static ImmutableArray<FlowText> Of(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || parameter.Type.SpecialType != SpecialType.System_String)
        {
            return ImmutableArray<FlowText>.Empty;
        }

        var texts = ImmutableArray.CreateBuilder<FlowText>();
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || !DataAttributes.Contains(type.Name) ||
                attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
            {
                continue;
            }

            // Positional arguments map to the method's parameters in order (params object[] data).
            var values = Flatten(attribute.ConstructorArguments);
            var positional = 0;
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals is not null || argument.NameColon is not null)
                {
                    continue;
                }

                var index = positional++;
                if (index != parameter.Ordinal)
                {
                    continue;
                }

                if (argument.Expression is LiteralExpressionSyntax literal && literal.Token.Value is string text)
                {
                    texts.Add(FlowText.Known(text, literal));
                }
                else if (index < values.Count && values[index].Kind == TypedConstantKind.Primitive && values[index].Value is string constant)
                {
                    // [InlineData(TestData.Slug)]: a constant, reported on its reference in the attribute.
                    texts.Add(FlowText.Known(constant, argument.Expression));
                }
                else
                {
                    texts.Add(FlowText.Unknown(argument.Expression));
                }
            }
        }

        return texts.ToImmutable();
    }

    // InlineData(params object[] data) arrives as one array constant; TestCase(a, b) as several.
    private static System.Collections.Generic.List<TypedConstant> Flatten(ImmutableArray<TypedConstant> arguments)
    {
        var values = new System.Collections.Generic.List<TypedConstant>();
        foreach (var argument in arguments)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                values.AddRange(argument.Values);
            }
            else
            {
                values.Add(argument);
            }
        }

        return values;
    }
}
