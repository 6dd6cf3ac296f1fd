using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// Environment variables that the compilation itself sets to a per-run value, typically an
/// assembly setup that starts a container and publishes its connection string
/// (<c>Environment.SetEnvironmentVariable("MYSQL_CONNECTION_STRING", container.GetConnectionString())</c>).
/// A read of such a variable holds the run's own server, so the literal after <c>??</c> is not the
/// value tests use. Found once per compilation, in files that mention <c>SetEnvironmentVariable</c>.
/// </summary>
internal static class PerRunEnvironmentVariables
{
    // A suite that sets more variables than this is not searched further.
    private const int MaxSetters = 32;

    private static readonly ConditionalWeakTable<Compilation, Lazy<ImmutableHashSet<string>>> ByCompilation = new();

    // Set while the setters' values are evaluated: a read met then is not decided (no re-entry).
    [ThreadStatic]
    private static bool _finding;

    /// <summary>True when <paramref name="read"/> is <c>Environment.GetEnvironmentVariable("X")</c> and the compilation sets X to a per-run value.</summary>
    public static bool IsPerRunRead(IOperation read, CancellationToken cancellationToken)
    {
        if (FlowEngine.Unwrap(read) is not IInvocationOperation { TargetMethod.Name: "GetEnvironmentVariable" } invocation ||
            !IsEnvironment(invocation.TargetMethod) || invocation.Arguments.IsEmpty ||
            FlowEngine.ConstantString(invocation.Arguments[0].Value) is not { } name ||
            invocation.SemanticModel is not { } model || _finding)
        {
            return false;
        }

        var names = ByCompilation.GetValue(model.Compilation, _ => new Lazy<ImmutableHashSet<string>>(() => Find(model, cancellationToken))).Value;
        return names.Contains(name);
    }

    private static ImmutableHashSet<string> Find(SemanticModel model, CancellationToken cancellationToken)
    {
        _finding = true;
        try
        {
            return FindSetters(model, cancellationToken);
        }
        finally
        {
            _finding = false;
        }
    }

    private static ImmutableHashSet<string> FindSetters(SemanticModel model, CancellationToken cancellationToken)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var setters = 0;
        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            if (tree.GetText(cancellationToken).ToString().IndexOf("SetEnvironmentVariable", StringComparison.Ordinal) < 0 ||
                DeclaringFileModels.For(model, tree) is not { } treeModel)
            {
                continue;
            }

            foreach (var call in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetEnvironmentVariable" } ||
                    treeModel.GetOperation(call, cancellationToken) is not IInvocationOperation { Arguments.Length: >= 2 } set ||
                    !IsEnvironment(set.TargetMethod) || FlowEngine.ConstantString(set.Arguments[0].Value) is not { } name)
                {
                    continue;
                }

                if (++setters > MaxSetters)
                {
                    return names.ToImmutable();
                }

                var texts = FlowEngine.TextsOf(set.Arguments[1].Value, cancellationToken);
                if (!texts.IsEmpty && texts.All(t => t.IsPerRun))
                {
                    names.Add(name);
                }
            }
        }

        return names.ToImmutable();
    }

    private static bool IsEnvironment(IMethodSymbol method) =>
        Namespaces.Is(method.ContainingType, "System", "Environment");
}
