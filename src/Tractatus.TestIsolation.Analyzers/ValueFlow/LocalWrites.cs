using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// Writes into the object a local holds, after it was created: <c>doc.Slug = "x"</c>,
/// <c>doc["slug"] = "x"</c>, <c>doc.Add("slug", "x")</c>, <c>docs.Add(item)</c>.
/// </summary>
internal static class LocalWrites
{
    public static ImmutableArray<IOperation> Of(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (model is null || local.DeclaringSyntaxReferences.Length != 1)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var declaration = local.DeclaringSyntaxReferences[0];
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var scope = declaration.GetSyntax(cancellationToken).Ancestors().FirstOrDefault(n =>
            n is BlockSyntax or SwitchSectionSyntax or MemberDeclarationSyntax or CompilationUnitSyntax);
        if (scope is null)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var writes = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var node in NameOccurrences.WritesInto(scope, local.Name, cancellationToken))
        {
            var operation = model.GetOperation(node, cancellationToken);
            var instance = operation switch
            {
                ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } => target.Instance,
                IInvocationOperation invocation => invocation.Instance,
                _ => null,
            };
            if (instance is ILocalReferenceOperation instanceLocal && SymbolEqualityComparer.Default.Equals(instanceLocal.Local, local))
            {
                writes.Add(operation!);
            }
        }

        return writes.ToImmutable();
    }
}
