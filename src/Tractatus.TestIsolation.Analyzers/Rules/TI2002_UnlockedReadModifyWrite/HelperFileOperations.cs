using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Files;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// A call to a helper method of this compilation that reads or writes one file: <c>Read()</c> /
/// <c>Write(values)</c> of the calling type over a field path, a static <c>SettingsHelper.Read()</c> /
/// <c>SettingsHelper.Write(settings)</c> over a static or constant path, or <c>ReadJsonFile(path)</c> /
/// <c>WriteJsonFile(path, node)</c> over a parameter. An instance path of another type is not followed:
/// two instances may name two files. The call stands for the helper's file operation, with the path the helper
/// uses (its field) or the argument the caller passes (its parameter), so a caller that reads through
/// one helper and writes through another is a read → modify → write. Helpers that both read and
/// write the file are left alone (they are checked on their own); only one call level is followed.
/// </summary>
internal sealed class HelperFileOperations
{
    // A helper whose text names none of these cannot touch a file through System.IO: skipped without binding.
    private static readonly HashSet<string> FileApiNames = new()
    {
        "File", "FileStream", "StreamReader", "StreamWriter", "FileInfo",
    };

    private readonly FileOperationClassifier _classifier;
    private readonly ConcurrentDictionary<IMethodSymbol, Summary?> _summaries = new(SymbolEqualityComparer.Default);

    public HelperFileOperations(FileOperationClassifier classifier) => _classifier = classifier;

    /// <summary>The file operation a call from <paramref name="callerType"/> to a file helper performs, or <c>null</c>.</summary>
    public FileOperation? Classify(IOperation operation, INamedTypeSymbol? callerType, CancellationToken cancellationToken)
    {
        // Library methods (most calls) are left before anything is allocated: helpers are this compilation's own.
        if (operation is not IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } target } call ||
            operation.SemanticModel is not { } model ||
            !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, model.Compilation.Assembly) ||
            callerType is null)
        {
            return null;
        }

        var definition = target.OriginalDefinition;
        if (!_summaries.TryGetValue(definition, out var summary))
        {
            summary = _summaries.GetOrAdd(definition, Summarize(definition, model, cancellationToken));
        }

        if (summary is null ||
            (summary.UsesInstancePath && !SymbolEqualityComparer.Default.Equals(callerType.OriginalDefinition, target.ContainingType?.OriginalDefinition)))
        {
            return null;
        }

        IOperation? path = summary.Operation.Path;
        if (summary.ParameterOrdinal >= 0)
        {
            path = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == summary.ParameterOrdinal && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    path = argument.Value;
                }
            }
        }

        return path is null
            ? null
            : new FileOperation(call, summary.Operation.Kind, path, target.Name, takesExclusiveLock: false);
    }

    private Summary? Summarize(IMethodSymbol method, SemanticModel callerModel, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 ||
            method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration ||
            !NamesFileApi(declaration))
        {
            return null;
        }

        var model = DeclaringFileModels.For(callerModel, declaration.SyntaxTree);
        SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (model is null || body is null || model.GetOperation(body, cancellationToken) is not { } operation)
        {
            return null;
        }

        FileOperation? found = null;
        foreach (var part in operation.DescendantsAndSelf())
        {
            if (_classifier.Classify(part) is not { } fileOperation)
            {
                continue;
            }

            if (found is not null)
            {
                // Two file operations: a helper that reads and writes (checked on its own) or touches several files.
                return null;
            }

            found = fileOperation;
        }

        if (found is null)
        {
            return null;
        }

        return ValueOf(found.Path) switch
        {
            IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method) =>
                new Summary(found, parameter.Parameter.Ordinal, usesInstancePath: false),
            { ConstantValue.HasValue: true } => new Summary(found, -1, usesInstancePath: false),
            IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member => new Summary(found, -1, usesInstancePath: !member.Member.IsStatic),
            _ => null, // A local or an expression: the caller cannot name the same file.
        };
    }

    private static IOperation? ValueOf(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool NamesFileApi(SyntaxNode declaration)
    {
        foreach (var token in declaration.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && FileApiNames.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Summary
    {
        public Summary(FileOperation operation, int parameterOrdinal, bool usesInstancePath)
        {
            Operation = operation;
            ParameterOrdinal = parameterOrdinal;
            UsesInstancePath = usesInstancePath;
        }

        public FileOperation Operation { get; }

        /// <summary>The parameter that carries the path, or -1 when the helper's own member does.</summary>
        public int ParameterOrdinal { get; }

        /// <summary>True when the path is an instance field or property: followed only from the same type.</summary>
        public bool UsesInstancePath { get; }
    }
}
