using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Files;
using Tractatus.TestIsolation.Analyzers.Stores;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// The one per-compilation context every rule shares: typed options, test-code detection, and the
/// store and file APIs resolved by metadata name. Built once per compilation (and options) for all
/// rules together; the symbol sets are resolved on first use.
/// </summary>
internal sealed class AnalysisSession
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<AnalysisSession?>> Sessions = new();

    private readonly Lazy<StoreSymbols> _stores;
    private readonly Lazy<SharedStateRuleContext?> _sharedState;

    private AnalysisSession(Compilation compilation, AnalyzerOptions analyzerOptions)
    {
        Compilation = compilation;
        AnalyzerOptions = analyzerOptions;
        Options = new IsolationOptionsProvider(analyzerOptions.AnalyzerConfigOptionsProvider);
        TestCode = new TestCodeDetector(compilation, Options);
        _stores = new Lazy<StoreSymbols>(() => StoreSymbols.Create(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _sharedState = new Lazy<SharedStateRuleContext?>(() => SharedStateRuleContext.Create(compilation, analyzerOptions), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public AnalyzerOptions AnalyzerOptions { get; }

    public IsolationOptionsProvider Options { get; }

    public TestCodeDetector TestCode { get; }

    /// <summary>MongoDB, EF Core, Dapper and ADO.NET symbols (TI1001, TI1002, TI1004).</summary>
    public StoreSymbols Stores => _stores.Value;

    /// <summary>File API symbols, classifier, path evaluation and lock finder (TI2001, TI2002); <c>null</c> without a file API.</summary>
    public SharedStateRuleContext? SharedState => _sharedState.Value;

    /// <summary>The session of <paramref name="compilation"/>, shared by every rule that analyzes it.</summary>
    public static AnalysisSession For(Compilation compilation, AnalyzerOptions options)
    {
        var box = Sessions.GetValue(compilation, _ => new StrongBox<AnalysisSession?>());
        var current = Volatile.Read(ref box.Value);
        if (current is not null && ReferenceEquals(current.AnalyzerOptions, options))
        {
            return current;
        }

        var created = new AnalysisSession(compilation, options);
        Interlocked.CompareExchange(ref box.Value, created, current);
        return created;
    }

    /// <summary>Kept for callers that build their own; prefer <see cref="For"/>.</summary>
    public static AnalysisSession Create(Compilation compilation, AnalyzerOptions options) => For(compilation, options);

    public IsolationOptions OptionsFor(SyntaxTree tree) => Options.For(tree);

    /// <summary>
    /// A rule's per-compilation state, built at its first callback rather than at compilation start.
    /// Resolving symbols by metadata name at compilation start would make this analyzer the one that
    /// loads the compilation's references for the compiler; by the first callback the compiler has
    /// bound them, so only the lookups themselves are this analyzer's cost.
    /// </summary>
    public static Lazy<T> Deferred<T>(Func<T> create) => new(create, LazyThreadSafetyMode.ExecutionAndPublication);
}
