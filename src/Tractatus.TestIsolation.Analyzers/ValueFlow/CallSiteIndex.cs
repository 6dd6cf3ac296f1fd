using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// The invocations of a compilation by the name they call, looked up when a rule follows a
/// parameter of a non-private helper to callers in other types and files — a test calling
/// <c>repository.Insert(new Account { Id = "x" })</c> or <c>OrderFactory.Create("x")</c>. Only
/// files whose text contains the name are indexed, and each name is searched once per compilation.
/// </summary>
internal sealed class CallSiteIndex
{
    private static readonly ConditionalWeakTable<Compilation, CallSiteIndex> Indexes = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, ImmutableArray<InvocationExpressionSyntax>> _byName = new(StringComparer.Ordinal);

    private CallSiteIndex(Compilation compilation) => _compilation = compilation;

    public static CallSiteIndex For(Compilation compilation) => Indexes.GetValue(compilation, c => new CallSiteIndex(c));

    /// <summary>Invocations whose called name is <paramref name="name"/>, in syntax-tree order.</summary>
    public ImmutableArray<InvocationExpressionSyntax> Named(string name, CancellationToken cancellationToken)
    {
        if (_byName.TryGetValue(name, out var sites))
        {
            return sites;
        }

        // Two threads may search at once; either result is the same.
        return _byName.GetOrAdd(name, Search(name, cancellationToken));
    }

    private ImmutableArray<InvocationExpressionSyntax> Search(string name, CancellationToken cancellationToken)
    {
        var sites = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            // Found where the file's text spells the name: a file that never does is not walked.
            sites.AddRange(NameOccurrences.Invocations(tree.GetRoot(cancellationToken), name, cancellationToken));
        }

        return sites.ToImmutable();
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
