using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The invocations of a compilation by the name they call, built once (syntax only) the first time
/// a rule follows a parameter of a non-private helper to callers in other types and files — a test
/// calling <c>repository.Insert(new Account { Id = "x" })</c> or <c>OrderFactory.Create("x")</c>.
/// </summary>
internal sealed class CallSiteIndex
{
    private static readonly ConditionalWeakTable<Compilation, CallSiteIndex> Indexes = new();

    private readonly Compilation _compilation;
    private Dictionary<string, ImmutableArray<InvocationExpressionSyntax>>? _byName;

    private CallSiteIndex(Compilation compilation) => _compilation = compilation;

    public static CallSiteIndex For(Compilation compilation) => Indexes.GetValue(compilation, c => new CallSiteIndex(c));

    /// <summary>Invocations whose called name is <paramref name="name"/>, in syntax-tree order.</summary>
    public ImmutableArray<InvocationExpressionSyntax> Named(string name, CancellationToken cancellationToken)
    {
        var byName = Volatile.Read(ref _byName) ?? Build(cancellationToken);
        return byName.TryGetValue(name, out var sites) ? sites : ImmutableArray<InvocationExpressionSyntax>.Empty;
    }

    private Dictionary<string, ImmutableArray<InvocationExpressionSyntax>> Build(CancellationToken cancellationToken)
    {
        var builders = new Dictionary<string, ImmutableArray<InvocationExpressionSyntax>.Builder>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && NameOf(invocation) is { } name)
                {
                    if (!builders.TryGetValue(name, out var list))
                    {
                        builders[name] = list = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
                    }

                    list.Add(invocation);
                }
            }
        }

        var byName = new Dictionary<string, ImmutableArray<InvocationExpressionSyntax>>(builders.Count);
        foreach (var pair in builders)
        {
            byName[pair.Key] = pair.Value.ToImmutable();
        }

        // Two threads may build at once; either result is the same.
        Interlocked.CompareExchange(ref _byName, byName, null);
        return _byName!;
    }

    /// <summary>The simple name an invocation calls (<c>Insert</c> of <c>repo.Insert&lt;T&gt;(x)</c>).</summary>
    public static string? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}
