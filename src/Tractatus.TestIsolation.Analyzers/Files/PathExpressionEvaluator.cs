using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// Works out what a path expression is at compile time: literals and constants, <c>Path.Combine</c>
/// / <c>Path.Join</c> / <c>Path.GetFullPath</c>, <c>+</c> and interpolation, and locals, readonly
/// fields and get-only properties that are assigned exactly once (followed a few levels). Anything
/// else becomes an unknown part, so <c>Path.Combine(home, ".claude", "x.json")</c> is still matched by
/// its known tail.
/// </summary>
internal sealed class PathExpressionEvaluator
{
    // Deep enough for dir = Combine(root, ".claude"); file = Combine(dir, "x.json"); and a field or two.
    private const int MaxDepth = 6;

    private readonly FileApiSymbols _symbols;
    private readonly ConcurrentDictionary<ISymbol, PathValue> _members = new(SymbolEqualityComparer.Default);

    public PathExpressionEvaluator(FileApiSymbols symbols) => _symbols = symbols;

    public PathValue Evaluate(IOperation? operation, CancellationToken cancellationToken) => Evaluate(operation, 0, cancellationToken);

    private PathValue Evaluate(IOperation? operation, int depth, CancellationToken cancellationToken)
    {
        if (operation is null || depth > MaxDepth)
        {
            return PathValue.Opaque;
        }

        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return PathValue.Known(constant);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand, depth, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                return EvaluateInterpolation(interpolated, depth, cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return PathValue.Concat(
                    Evaluate(binary.LeftOperand, depth, cancellationToken),
                    Evaluate(binary.RightOperand, depth, cancellationToken));
            case IInvocationOperation invocation:
                return EvaluatePathCall(invocation, depth, cancellationToken);
            case ILocalReferenceOperation local:
                return PathValue.Symbol(
                    KeyOf(local.Local),
                    TraceLocal(local.Local, operation.SemanticModel, depth, cancellationToken) ?? CoalesceFallback(operation, local.Local, depth, cancellationToken));
            case IParameterReferenceOperation parameter:
                return PathValue.Symbol(KeyOf(parameter.Parameter), CoalesceFallback(operation, parameter.Parameter, depth, cancellationToken));
            case IFieldReferenceOperation field:
                return PathValue.Symbol(
                    KeyOf(field.Field),
                    TraceMember(field.Field, operation.SemanticModel, depth, cancellationToken) ?? CoalesceFallback(operation, field.Field, depth, cancellationToken));
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when !ContainsRunUniqueValue(property):
                return PathValue.Symbol(KeyOf(property.Property), TraceMember(property.Property, operation.SemanticModel, depth, cancellationToken));
            default:
                return Unknown(operation);
        }
    }

    private PathValue Unknown(IOperation operation) => ContainsRunUniqueValue(operation) ? PathValue.RunUnique : PathValue.Opaque;

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

    private PathValue EvaluateInterpolation(IInterpolatedStringOperation interpolated, int depth, CancellationToken cancellationToken)
    {
        PathValue? result = null;
        foreach (var part in interpolated.Parts)
        {
            var value = part switch
            {
                IInterpolatedStringTextOperation text => Evaluate(text.Text, depth, cancellationToken),
                IInterpolationOperation { Alignment: null, FormatString: null } hole => Evaluate(hole.Expression, depth, cancellationToken),
                _ => Unknown(part),
            };
            result = result is null ? value : PathValue.Concat(result, value);
        }

        return result ?? PathValue.Known(string.Empty);
    }

    private PathValue EvaluatePathCall(IInvocationOperation invocation, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Path))
        {
            return method.Parameters.IsEmpty && TraceReturn(method, invocation.SemanticModel, depth, cancellationToken) is { } returned
                ? returned
                : Unknown(invocation);
        }

        switch (method.Name)
        {
            case "Combine":
            case "Join":
                PathValue? result = null;
                foreach (var part in PathParts(invocation))
                {
                    var value = Evaluate(part, depth, cancellationToken);
                    result = result is null ? value : PathValue.Combine(result, value);
                }

                return result ?? PathValue.Opaque;
            case "GetFullPath" when invocation.Arguments.Length == 1:
                // A relative state path made absolute keeps its tail, which is what the patterns match.
                return Evaluate(invocation.Arguments[0].Value, depth, cancellationToken);
            default:
                return Unknown(invocation);
        }
    }

    private static IEnumerable<IOperation?> PathParts(IInvocationOperation invocation)
    {
        var arguments = new IArgumentOperation[invocation.Arguments.Length];
        foreach (var argument in invocation.Arguments)
        {
            var ordinal = argument.Parameter?.Ordinal ?? -1;
            if (ordinal < 0 || ordinal >= arguments.Length)
            {
                yield return null;
                yield break;
            }

            arguments[ordinal] = argument;
        }

        foreach (var argument in arguments)
        {
            if (argument is null)
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        yield return element;
                    }
                }
                else
                {
                    yield return null;
                }
            }
            else if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                yield return argument.Value;
            }
            else
            {
                // Span overloads and explicit arrays: the parts are not visible here.
                yield return null;
            }
        }
    }

    private PathValue? TraceLocal(ILocalSymbol local, SemanticModel? model, int depth, CancellationToken cancellationToken)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || IsReassignedIn(ScopeOf(declarator), local.Name))
        {
            return null;
        }

        return Evaluate(model.GetOperation(value, cancellationToken), depth + 1, cancellationToken);
    }

    private PathValue? TraceMember(ISymbol member, SemanticModel? model, int depth, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            return null;
        }

        if (_members.TryGetValue(member, out var cached))
        {
            return cached == PathValue.Opaque ? null : cached;
        }

        var valueSyntax = SingleAssignedValue(member, cancellationToken);
        if (valueSyntax is null)
        {
            _members.TryAdd(member, PathValue.Opaque);
            return null;
        }

        // A member declared in another file (a temp-directory helper, a paths class) is bound there.
        var declaringModel = DeclaringFileModels.For(model, valueSyntax.SyntaxTree);
        if (declaringModel is null)
        {
            return null;
        }

        var value = Evaluate(declaringModel.GetOperation(valueSyntax, cancellationToken), depth + 1, cancellationToken);
        if (depth == 0)
        {
            _members.TryAdd(member, value);
        }

        return value;
    }

    /// <summary>
    /// What a parameterless helper of this compilation returns when its body is one expression
    /// (<c>static string GetSettingsPath() => Path.Combine(...)</c>) or one <c>return</c>.
    /// </summary>
    private PathValue? TraceReturn(IMethodSymbol method, SemanticModel? model, int depth, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (model is null || method.DeclaringSyntaxReferences.Length != 1 || method.IsAbstract || method.IsVirtual || method.IsOverride)
        {
            return null;
        }

        if (_members.TryGetValue(method, out var cached))
        {
            return cached == PathValue.Opaque ? null : cached;
        }

        var returned = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            MethodDeclarationSyntax { ExpressionBody.Expression: { } arrow } => arrow,
            MethodDeclarationSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } single } => single,
            _ => null,
        };
        var declaringModel = returned is null ? null : DeclaringFileModels.For(model, returned.SyntaxTree);
        if (declaringModel is null)
        {
            _members.TryAdd(method, PathValue.Opaque);
            return null;
        }

        var value = Evaluate(declaringModel.GetOperation(returned!, cancellationToken), depth + 1, cancellationToken);
        if (depth == 0)
        {
            _members.TryAdd(method, value);
        }

        return value;
    }

    /// <summary>
    /// The value <c>x ??= fallback</c> gives <paramref name="symbol"/> earlier in the same body: when the
    /// caller or an earlier step left it null, this is the file used — on a developer's machine, usually
    /// the default. <c>null</c> when there is no such assignment or more than one.
    /// </summary>
    private PathValue? CoalesceFallback(IOperation reference, ISymbol symbol, int depth, CancellationToken cancellationToken)
    {
        var root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        IOperation? fallback = null;
        foreach (var operation in root.Descendants())
        {
            if (operation is not ICoalesceAssignmentOperation assignment ||
                assignment.Syntax.SpanStart >= reference.Syntax.SpanStart ||
                assignment.Syntax.Span.Contains(reference.Syntax.Span) ||
                !SymbolEqualityComparer.Default.Equals(ReferencedSymbol(assignment.Target), symbol))
            {
                continue;
            }

            if (fallback is not null)
            {
                return null;
            }

            fallback = assignment.Value;
        }

        return fallback is null ? null : Evaluate(fallback, depth + 1, cancellationToken);
    }

    private static ISymbol? ReferencedSymbol(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>
    /// The one expression a readonly field or get-only property is ever given: its initializer or
    /// expression body, or a single constructor assignment. <c>null</c> when there are several or none.
    /// </summary>
    private static ExpressionSyntax? SingleAssignedValue(ISymbol member, CancellationToken cancellationToken)
    {
        var values = new List<ExpressionSyntax>(1);
        switch (member)
        {
            case IFieldSymbol { IsReadOnly: true } field:
                foreach (var reference in field.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
                    {
                        values.Add(value);
                    }
                }

                break;
            case IPropertySymbol { SetMethod: null, IsIndexer: false } property:
                foreach (var reference in property.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
                    {
                        continue;
                    }

                    if (declaration.ExpressionBody is { } arrow)
                    {
                        // Computed on every read, but from the same parts each time.
                        return arrow.Expression;
                    }

                    if (declaration.Initializer?.Value is { } initializer)
                    {
                        values.Add(initializer);
                    }

                    var getter = declaration.AccessorList?.Accessors.Count == 1 ? declaration.AccessorList.Accessors[0] : null;
                    if (getter?.ExpressionBody is { } getterArrow)
                    {
                        return getterArrow.Expression;
                    }

                    if (getter?.Body is not null)
                    {
                        return null;
                    }
                }

                break;
            default:
                return null;
        }

        AddConstructorAssignments(member, values, cancellationToken);
        return values.Count == 1 ? values[0] : null;
    }

    private static void AddConstructorAssignments(ISymbol member, List<ExpressionSyntax> values, CancellationToken cancellationToken)
    {
        foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            if (typeReference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax type)
            {
                continue;
            }

            foreach (var typeMember in type.Members)
            {
                if (typeMember is not ConstructorDeclarationSyntax constructor)
                {
                    continue;
                }

                foreach (var node in constructor.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && NamesMember(assignment.Left, member.Name))
                    {
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                        {
                            // A compound assignment (+=, ??=) builds on an earlier value: never a single expression.
                            values.Add(assignment.Right);
                        }

                        values.Add(assignment.Right);
                    }
                }
            }
        }
    }

    private static bool NamesMember(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var memberName } => memberName.Identifier.ValueText == name,
        _ => false,
    };

    private static SyntaxNode ScopeOf(SyntaxNode declarator)
    {
        var member = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return member is GlobalStatementSyntax global ? global.Parent ?? global : member ?? declarator.SyntaxTree.GetRoot();
    }

    private static bool IsReassignedIn(SyntaxNode scope, string name)
    {
        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left is IdentifierNameSyntax target && target.Identifier.ValueText == name:
                    return true;
                case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None, Expression: IdentifierNameSyntax passed } when passed.Identifier.ValueText == name:
                    return true;
            }
        }

        return false;
    }

    private static string KeyOf(ISymbol symbol)
    {
        var location = symbol.Locations.Length > 0 ? symbol.Locations[0].SourceSpan.Start : -1;
        return symbol.Kind + ":" + symbol.ContainingSymbol?.ToDisplayString() + "." + symbol.Name + "@" + location;
    }
}
