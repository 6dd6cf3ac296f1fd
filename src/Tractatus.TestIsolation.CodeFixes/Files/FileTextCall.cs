using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tractatus.TestIsolation.CodeFixes.Files;

/// <summary>What a recognised <c>System.IO.File</c> text call does.</summary>
internal enum FileTextOperation
{
    Read,
    Write,
    Append,
}

/// <summary>
/// A call the shared-state fixes can route through <c>SharedStateFile</c>: <c>File.ReadAllText</c>,
/// <c>File.WriteAllText</c>, <c>File.AppendAllText</c> and their <c>Async</c> forms, with the path,
/// the text and an optional cancellation token as positional arguments. Overloads with an
/// <c>Encoding</c> are left alone: SharedStateFile writes UTF-8, and a fix must not change the bytes.
/// </summary>
internal sealed class FileTextCall
{
    private FileTextCall(InvocationExpressionSyntax invocation, FileTextOperation operation, bool isAsync, ExpressionSyntax path, ExpressionSyntax? content, ExpressionSyntax? cancellationToken)
    {
        Invocation = invocation;
        Operation = operation;
        IsAsync = isAsync;
        Path = path;
        Content = content;
        CancellationToken = cancellationToken;
    }

    public InvocationExpressionSyntax Invocation { get; }

    public FileTextOperation Operation { get; }

    public bool IsAsync { get; }

    public ExpressionSyntax Path { get; }

    public ExpressionSyntax? Content { get; }

    public ExpressionSyntax? CancellationToken { get; }

    public static FileTextCall? Recognize(SemanticModel model, SyntaxNode? node, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax invocation ||
            model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method ||
            method.ContainingType?.ToDisplayString() != "System.IO.File" ||
            invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return null;
        }

        FileTextOperation operation;
        switch (method.Name)
        {
            case "ReadAllText" or "ReadAllTextAsync":
                operation = FileTextOperation.Read;
                break;
            case "WriteAllText" or "WriteAllTextAsync":
                operation = FileTextOperation.Write;
                break;
            case "AppendAllText" or "AppendAllTextAsync":
                operation = FileTextOperation.Append;
                break;
            default:
                return null;
        }

        var isAsync = method.Name.EndsWith("Async", System.StringComparison.Ordinal);

        // Expected shapes: (string path[, string text][, CancellationToken]).
        var textCount = operation == FileTextOperation.Read ? 1 : 2;
        var parameters = method.Parameters;
        if (parameters.Length < textCount || parameters.Length > textCount + 1 || invocation.ArgumentList.Arguments.Count != parameters.Length)
        {
            return null;
        }

        for (var i = 0; i < textCount; i++)
        {
            if (parameters[i].Type.SpecialType != SpecialType.System_String)
            {
                return null;
            }
        }

        ExpressionSyntax? token = null;
        if (parameters.Length == textCount + 1)
        {
            if (!isAsync || parameters[textCount].Type.ToDisplayString() != "System.Threading.CancellationToken")
            {
                return null;
            }

            token = invocation.ArgumentList.Arguments[textCount].Expression;
        }

        var arguments = invocation.ArgumentList.Arguments;
        return new FileTextCall(invocation, operation, isAsync, arguments[0].Expression, textCount == 2 ? arguments[1].Expression : null, token);
    }

    /// <summary>
    /// The expression that yields this call's result where it is used: the invocation, wrapped in
    /// <c>.ConfigureAwait(...)</c>, <c>await</c> and parentheses when present.
    /// </summary>
    public ExpressionSyntax ResultExpression
    {
        get
        {
            ExpressionSyntax current = Invocation;
            while (true)
            {
                switch (current.Parent)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        current = parenthesized;
                        continue;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure } access
                        when access.Expression == current:
                        current = configure;
                        continue;
                    case AwaitExpressionSyntax awaited:
                        current = awaited;
                        continue;
                    default:
                        return current;
                }
            }
        }
    }
}
