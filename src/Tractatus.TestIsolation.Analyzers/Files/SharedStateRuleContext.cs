using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Rules;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>Everything the shared-state rules build once per compilation.</summary>
internal sealed class SharedStateRuleContext
{
    private SharedStateRuleContext(FileApiSymbols symbols, IsolationOptionsProvider options)
    {
        Symbols = symbols;
        Options = options;
        Classifier = new FileOperationClassifier(symbols);
        Paths = new PathExpressionEvaluator(symbols);
        Locks = new LockScopeFinder(symbols, Classifier);
        Helpers = new HelperFileOperations(Classifier);
    }

    public FileApiSymbols Symbols { get; }

    public IsolationOptionsProvider Options { get; }

    public FileOperationClassifier Classifier { get; }

    public PathExpressionEvaluator Paths { get; }

    public LockScopeFinder Locks { get; }

    /// <summary>Calls to a type's own read / write helpers, for read → modify → write across methods.</summary>
    public HelperFileOperations Helpers { get; }

    /// <summary>The context, or <c>null</c> when the compilation has no file API to check.</summary>
    public static SharedStateRuleContext? Create(Compilation compilation, AnalyzerOptions options)
    {
        var symbols = FileApiSymbols.Create(compilation);
        return symbols is null
            ? null
            : new SharedStateRuleContext(symbols, new IsolationOptionsProvider(options.AnalyzerConfigOptionsProvider));
    }

    /// <summary>Classifies a call, skipping <c>SharedStateFile</c>'s own implementation (it is the lock).</summary>
    public FileOperation? Classify(IOperation operation, ISymbol containingSymbol) =>
        Symbols.IsInsideSharedStateFile(containingSymbol) ? null : Classifier.Classify(operation);

    /// <summary>Like <see cref="Classify"/>, and a call to a read or write helper of the calling type counts as that operation.</summary>
    public FileOperation? ClassifyWithHelpers(IOperation operation, ISymbol containingSymbol, System.Threading.CancellationToken cancellationToken) =>
        Symbols.IsInsideSharedStateFile(containingSymbol)
            ? null
            : Classifier.Classify(operation) ?? Helpers.Classify(operation, containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType, cancellationToken);
}
