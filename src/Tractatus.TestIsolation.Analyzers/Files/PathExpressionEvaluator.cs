using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// What a path expression is at compile time, for the shared-state rules. Its text comes from the
/// value-flow engine (<see cref="FlowEngine"/>: constants, locals, fields, properties, parameters,
/// helper returns, <c>??</c> and <c>??=</c> fallbacks, <c>Path.Combine</c> / <c>Path.Join</c> /
/// <c>Path.GetFullPath</c>), with unknown parts such as <c>Environment.GetFolderPath(...)</c> left as
/// placeholders so the path is still matched by its known tail. What is path-specific stays here:
/// which file two expressions name (the same variable, member, helper or constant path), and
/// whether a part is unique to the run.
/// </summary>
internal sealed class PathExpressionEvaluator
{
    private const char SymbolMarker = '\u0002';
    private const int MaxIdentityDepth = 8;

    private readonly FileApiSymbols _symbols;

    public PathExpressionEvaluator(FileApiSymbols symbols) => _symbols = symbols;

    public PathValue Evaluate(IOperation? operation, CancellationToken cancellationToken)
    {
        if (FlowEngine.Unwrap(operation) is not { } value)
        {
            return PathValue.Opaque;
        }

        var texts = FlowEngine.TextsOf(value, cancellationToken);
        var runUnique = ContainsRunUniqueValue(value);
        string? text = null;
        var agree = true;
        foreach (var candidate in texts)
        {
            runUnique |= candidate.IsPerRun;
            var match = MatchText(candidate.Text);
            agree &= text is null || text == match;
            text ??= match;
        }

        // Candidates that name different files (two assignments, a conditional) are not guessed between.
        if (!agree || text is null)
        {
            text = PathValue.UnknownPart.ToString();
        }

        return PathValue.Of(text, IdentityOf(value, 0), runUnique);
    }

    private static string MatchText(string flowText)
    {
        if (!FlowText.HasHole(flowText))
        {
            return flowText;
        }

        var builder = new StringBuilder(flowText.Length);
        foreach (var c in flowText)
        {
            builder.Append(FlowText.HasHole(c.ToString()) ? PathValue.UnknownPart : c);
        }

        return builder.ToString();
    }

    private bool ContainsRunUniqueValue(IOperation operation)
    {
        foreach (var part in operation.DescendantsAndSelf())
        {
            if (_symbols.IsRunUnique(part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Equal for two expressions naming the same file when their text is not fully known: the same
    /// local, parameter, field, property or parameterless helper, joined as the expression joins them.
    /// </summary>
    private static string? IdentityOf(IOperation? operation, int depth)
    {
        operation = FlowEngine.Unwrap(operation);
        if (operation is null || depth > MaxIdentityDepth)
        {
            return null;
        }

        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return PathValue.NormalizeIdentity(constant);
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return KeyOf(local.Local);
            case IParameterReferenceOperation parameter:
                return KeyOf(parameter.Parameter);
            case IFieldReferenceOperation field:
                return KeyOf(field.Field);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return KeyOf(property.Property);
            case IInterpolatedStringOperation interpolated:
                var joined = new StringBuilder();
                foreach (var part in interpolated.Parts)
                {
                    var identity = part switch
                    {
                        IInterpolatedStringTextOperation text => IdentityOf(text.Text, depth + 1),
                        IInterpolationOperation { Alignment: null, FormatString: null } hole => IdentityOf(hole.Expression, depth + 1),
                        _ => null,
                    };
                    if (identity is null)
                    {
                        return null;
                    }

                    joined.Append(identity);
                }

                return joined.ToString();
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return IdentityOf(add.LeftOperand, depth + 1) is { } left && IdentityOf(add.RightOperand, depth + 1) is { } right ? left + right : null;
            case IInvocationOperation invocation:
                return InvocationIdentity(invocation, depth);
            default:
                return null;
        }
    }

    private static string? InvocationIdentity(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (Namespaces.Is(method.ContainingType, "System.IO", "Path"))
        {
            if (method.Name == "GetFullPath" && invocation.Arguments.Length == 1)
            {
                return IdentityOf(invocation.Arguments[0].Value, depth + 1);
            }

            if (method.Name is not ("Combine" or "Join"))
            {
                return null;
            }

            string? result = null;
            foreach (var argument in invocation.Arguments)
            {
                var parts = argument.ArgumentKind == ArgumentKind.ParamArray && FlowEngine.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer }
                    ? initializer.ElementValues
                    : ImmutableArray.Create(argument.Value);
                foreach (var part in parts)
                {
                    if (IdentityOf(part, depth + 1) is not { } identity)
                    {
                        return null;
                    }

                    result = result is null ? identity : result + "/" + identity;
                }
            }

            return result;
        }

        // GetSettingsPath(): the same helper names the same file.
        return invocation.Arguments.IsEmpty && FlowEngine.IsFollowable(method) && invocation.Instance is null or IInstanceReferenceOperation
            ? KeyOf(method.OriginalDefinition)
            : null;
    }

    private static string KeyOf(ISymbol symbol)
    {
        var location = symbol.Locations.Length > 0 ? symbol.Locations[0].SourceSpan.Start : -1;
        return SymbolMarker + symbol.Kind.ToString() + ":" + symbol.ContainingSymbol?.ToDisplayString() + "." + symbol.Name + "@" + location + SymbolMarker;
    }
}
