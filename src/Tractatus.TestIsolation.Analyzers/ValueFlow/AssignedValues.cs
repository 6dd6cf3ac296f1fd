using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// Every value a local, field or auto-property is given in the syntax that can assign it (the
/// local's block, or the containing type's declarations in the same file). <see cref="IsComplete"/>
/// is false when something else may write it (ref/out, ++, deconstruction, another file, a
/// non-auto property), so callers treat the variable as unknown.
/// </summary>
internal readonly struct AssignedValues
{
    private AssignedValues(bool isComplete, ImmutableArray<IOperation> values)
    {
        IsComplete = isComplete;
        Values = values;
    }

    public bool IsComplete { get; }

    public ImmutableArray<IOperation> Values { get; }

    /// <summary>The only value, when the variable is assigned exactly once and nothing else can write it.</summary>
    public IOperation? Single => IsComplete && Values.Length == 1 ? Values[0] : null;

    private static AssignedValues Unknown => new(false, ImmutableArray<IOperation>.Empty);

    // One scan per variable per compilation: a fixture field is traced from every test that uses it.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, AssignedValues>> Cache = new();

    /// <summary>Finds the values of the variable <paramref name="reference"/> reads.</summary>
    public static AssignedValues Of(IOperation reference, CancellationToken cancellationToken) =>
        Of(reference, Cache, allowOtherFiles: false, cancellationToken);

    /// <summary>
    /// Like <see cref="Of(IOperation, CancellationToken)"/>, and also follows a field or property
    /// declared in another file (a fixture in its own file). Only for evidence that a store is
    /// private to the run, mocked or in memory: the values found there are never reported, since
    /// a diagnostic belongs in the file that is being analyzed.
    /// </summary>
    public static AssignedValues OfAnyFile(IOperation reference, CancellationToken cancellationToken) =>
        Of(reference, AnyFileCache, allowOtherFiles: true, cancellationToken);

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, AssignedValues>> AnyFileCache = new();

    private static AssignedValues Of(
        IOperation reference,
        ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, AssignedValues>> cache,
        bool allowOtherFiles,
        CancellationToken cancellationToken)
    {
        var model = reference.SemanticModel;
        var symbol = reference switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (model is null || symbol is null)
        {
            return Unknown;
        }

        var byCompilation = cache.GetValue(model.Compilation, _ => new ConcurrentDictionary<ISymbol, AssignedValues>(SymbolEqualityComparer.Default));
        if (byCompilation.TryGetValue(symbol, out var cached))
        {
            return cached;
        }

        if (allowOtherFiles && symbol is IFieldSymbol or IPropertySymbol && ModelOfDeclaringFile(symbol, model) is { } declaringModel)
        {
            model = declaringModel;
        }

        var values = Find(reference, model, cancellationToken);
        byCompilation.TryAdd(symbol, values);
        return values;
    }

    // The member and its whole type must be declared in one file; a partial type over several
    // files is left unknown.
    private static SemanticModel? ModelOfDeclaringFile(ISymbol member, SemanticModel model)
    {
        if (member.ContainingType is not { } type || type.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var tree = type.DeclaringSyntaxReferences[0].SyntaxTree;
        return tree == model.SyntaxTree ? null : DeclaringFileModels.For(model, tree);
    }

    private static AssignedValues Find(IOperation reference, SemanticModel model, CancellationToken cancellationToken)
    {
        return reference switch
        {
            ILocalReferenceOperation local => OfLocal(local.Local, model, cancellationToken),
            IFieldReferenceOperation field when !field.Field.IsConst && OnlyTypeCanWrite(field.Field) => OfMember(field.Field, model, cancellationToken),
            IPropertyReferenceOperation property when property.Arguments.IsEmpty && OnlyTypeCanWrite(property.Property) => OfMember(property.Property, model, cancellationToken),
            _ => Unknown,
        };
    }

    // Writes from other types (object initializers elsewhere, public setters) are not scanned,
    // so only members that nothing outside their type can assign are traced.
    private static bool OnlyTypeCanWrite(IFieldSymbol field) =>
        field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private;

    private static bool OnlyTypeCanWrite(IPropertySymbol property) =>
        property.DeclaredAccessibility == Accessibility.Private ||
        property.SetMethod is null ||
        (property.SetMethod.DeclaredAccessibility == Accessibility.Private && !property.SetMethod.IsInitOnly);

    private static AssignedValues OfLocal(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return Unknown;
        }

        var reference = local.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree || reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
        {
            return Unknown;
        }

        var scope = declarator.Ancestors().FirstOrDefault(n =>
            n is BlockSyntax or SwitchSectionSyntax or MemberDeclarationSyntax or CompilationUnitSyntax);
        if (scope is null)
        {
            return Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        if (declarator.Initializer is { } initializer && !AddValue(values, model, initializer.Value, cancellationToken))
        {
            return Unknown;
        }

        return Collect(scope, local.Name, model, values, cancellationToken);
    }

    private static AssignedValues OfMember(ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (member.ContainingType is not { } type || type.DeclaringSyntaxReferences.IsEmpty)
        {
            return Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var declaration in member.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree != model.SyntaxTree)
            {
                return Unknown;
            }

            var syntax = declaration.GetSyntax(cancellationToken);
            var initializer = syntax switch
            {
                VariableDeclaratorSyntax field => field.Initializer?.Value,
                PropertyDeclarationSyntax property when IsAutoProperty(property) => property.Initializer?.Value,
                _ => null,
            };
            if (syntax is PropertyDeclarationSyntax p && !IsAutoProperty(p))
            {
                return Unknown;
            }

            if (initializer is not null && !AddValue(values, model, initializer, cancellationToken))
            {
                return Unknown;
            }
        }

        foreach (var typeDeclaration in type.DeclaringSyntaxReferences)
        {
            if (typeDeclaration.SyntaxTree != model.SyntaxTree)
            {
                return Unknown;
            }
        }

        foreach (var typeDeclaration in type.DeclaringSyntaxReferences)
        {
            var result = Collect(typeDeclaration.GetSyntax(cancellationToken), member.Name, model, values, cancellationToken);
            if (!result.IsComplete)
            {
                return Unknown;
            }
        }

        return new AssignedValues(true, values.ToImmutable());
    }

    private static bool IsAutoProperty(PropertyDeclarationSyntax property) =>
        property.ExpressionBody is null &&
        property.AccessorList is { } accessors &&
        accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);

    // Name-based on purpose: a same-named write anywhere in scope makes the variable unknown,
    // which can only hide a report, never invent one.
    private static AssignedValues Collect(
        SyntaxNode scope, string name, SemanticModel model, ImmutableArray<IOperation>.Builder values, CancellationToken cancellationToken)
    {
        foreach (var node in NameOccurrences.WritesTo(scope, name, cancellationToken))
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment:
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ||
                        !IsPlainTarget(assignment.Left) ||
                        !AddValue(values, model, assignment.Right, cancellationToken))
                    {
                        return Unknown;
                    }

                    break;
                default:
                    // ++, --, &x, ref and out: written in a way no value can be read from.
                    return Unknown;
            }
        }

        return new AssignedValues(true, values.ToImmutable());
    }

    private static bool IsPlainTarget(ExpressionSyntax target) =>
        target is IdentifierNameSyntax ||
        target is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };

    private static bool AddValue(ImmutableArray<IOperation>.Builder values, SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        // "null!" and "(await x)!" have no operation of their own; their operands have.
        while (true)
        {
            if (expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
            {
                expression = suppressed.Operand;
            }
            else if (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }
            else
            {
                break;
            }
        }

        var operation = model.GetOperation(expression, cancellationToken);
        if (operation is null)
        {
            return false;
        }

        values.Add(operation);
        return true;
    }
}
