using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.ValueFlow;

/// <summary>
/// <c>Path.Combine</c> / <c>Path.Join</c> join their parts with one separator, and
/// <c>Path.GetFullPath</c> keeps its argument's tail: a path built from an unknown root still ends
/// in known text (<c>Path.Combine(home, ".claude", "settings.json")</c> is <c>∎/.claude/settings.json</c>).
/// </summary>
internal sealed partial class FlowEngine
{
    private static bool IsSystemIoPath(INamedTypeSymbol? type) =>
        type is { Name: "Path", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private ImmutableArray<FlowText> PathMethod(IInvocationOperation invocation, Walk walk, Frame? frame, int callDepth)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "Combine" or "Join":
                var result = ImmutableArray<FlowText>.Empty;
                foreach (var argument in invocation.Arguments)
                {
                    // Span and array overloads: the parts are not visible here.
                    if (argument.Parameter?.Type.SpecialType != SpecialType.System_String &&
                        argument.ArgumentKind != ArgumentKind.ParamArray)
                    {
                        return Unknown(invocation);
                    }
                }

                foreach (var part in Flatten(invocation.Arguments))
                {
                    var texts = Evaluate(part, walk, frame, callDepth);
                    result = result.IsEmpty ? texts : JoinPath(invocation.Syntax, walk, result, texts);
                }

                return result.IsEmpty ? Unknown(invocation) : result;

            case "GetFullPath" when invocation.Arguments.Length == 1:
                // A relative path made absolute keeps its tail.
                return Evaluate(invocation.Arguments[0].Value, walk, frame, callDepth);

            default:
                return Unknown(invocation);
        }
    }

    private static ImmutableArray<FlowText> JoinPath(SyntaxNode anchor, Walk walk, ImmutableArray<FlowText> left, ImmutableArray<FlowText> right)
    {
        var separator = ImmutableArray.Create(FlowText.Known("/", anchor));
        var builder = ImmutableArray.CreateBuilder<FlowText>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (builder.Count >= MaxCandidates)
                {
                    return builder.ToImmutable();
                }

                if (l.Text.Length == 0 || r.Text.Length == 0 || EndsWithSeparator(l.Text) || StartsWithSeparator(r.Text))
                {
                    builder.Add(l.Append(r, anchor));
                }
                else
                {
                    builder.Add(l.Append(separator[0], anchor).Append(r, anchor));
                }
            }
        }

        walk.CancellationToken.ThrowIfCancellationRequested();
        return builder.ToImmutable();
    }

    private static bool EndsWithSeparator(string text) => text.Length > 0 && text[text.Length - 1] is '/' or '\\';

    private static bool StartsWithSeparator(string text) => text.Length > 0 && text[0] is '/' or '\\';
}
