using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI1001: in test code, a fixed string under an identifier-like key (slug, id, email, ...) of
/// data written to a store, or in a store filter. Reported on the literal, or on the reference to
/// the constant or field that holds it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FixedTestDataIdentifierAnalyzer : IsolationAnalyzer
{
    /// <summary>Diagnostic property: the fixed value.</summary>
    public const string ValueProperty = "Value";

    /// <summary>Diagnostic property: the suggested per-session expression.</summary>
    public const string ReplacementProperty = "Replacement";

    private static readonly ImmutableHashSet<string> EntityFrameworkWrites = ImmutableHashSet.Create(
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Attach", "AttachRange");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.FixedTestDataIdentifier);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session)
    {
        if (!session.TestCode.MayContainTestCode(context.Compilation))
        {
            return;
        }

        // Store symbols are resolved at the first callback (see AnalysisSession.Deferred).
        var analysis = AnalysisSession.Deferred(() => new Analysis(session, session.Stores));
        context.RegisterOperationAction(c => analysis.Value.AnalyzeInvocation(c), OperationKind.Invocation);
        context.RegisterOperationAction(c => analysis.Value.AnalyzeSqlSink(c), OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
    }

    private sealed class Analysis
    {
        private readonly AnalysisSession _session;
        private readonly StoreSymbols _symbols;
        private readonly ReportedLocations _reported = new();
        private readonly InMemoryStores _inMemory = new();

        public Analysis(AnalysisSession session, StoreSymbols symbols)
        {
            _session = session;
            _symbols = symbols;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var tree = invocation.Syntax.SyntaxTree;
            if (!_symbols.HasAnyStore || !_session.TestCode.IsTestCode(tree))
            {
                return;
            }

            var names = _session.OptionsFor(tree).IdentifierNames;
            var method = invocation.TargetMethod;
            if (_symbols.IsMongoCollectionMethod(method))
            {
                var found = ImmutableArray<IdentifierValue>.Empty;
                foreach (var argument in invocation.Arguments)
                {
                    found = Concat(found, MongoArguments.Classify(argument, _symbols) switch
                    {
                        MongoArgumentKind.Data => IdentifierFinder.InData(argument.Value, _symbols, names, context.CancellationToken),
                        MongoArgumentKind.Filter => IdentifierFinder.InFilter(argument.Value, _symbols, names, context.CancellationToken),
                        MongoArgumentKind.WriteModels => IdentifierFinder.InWriteModels(argument.Value, _symbols, names, context.CancellationToken),
                        MongoArgumentKind.Update => IdentifierFinder.InUpdate(argument.Value, _symbols, names, context.CancellationToken),
                        _ => ImmutableArray<IdentifierValue>.Empty,
                    });
                }

                // In a database named per session no other run can hold the same identifier.
                var collection = method.IsExtensionMethod ? invocation.Arguments.FirstOrDefault()?.Value : invocation.Instance;
                if (found.Length > 0 &&
                    StoreScopes.Of(collection, _symbols, context.CancellationToken) != StoreScope.Session &&
                    _inMemory.ReachesSharedStore(collection, _symbols, context.CancellationToken) &&
                    !FakeStores.IsFake(invocation, _symbols, context.CancellationToken))
                {
                    Report(context, found);
                }

                return;
            }

            if (IsEntityFrameworkWrite(method) &&
                !_inMemory.UsesInMemoryStore(tree, context.CancellationToken) &&
                _inMemory.ReachesSharedStore(invocation.Instance, _symbols, context.CancellationToken))
            {
                var found = ImmutableArray<IdentifierValue>.Empty;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue &&
                        !StoreSymbols.IsDefinition(argument.Value.Type, _symbols.CancellationToken))
                    {
                        found = Concat(found, IdentifierFinder.InData(argument.Value, _symbols, names, context.CancellationToken));
                    }
                }

                if (found.Length > 0 && !FakeStores.IsFake(invocation, _symbols, context.CancellationToken))
                {
                    Report(context, found);
                }

                return;
            }

            if (CommandParameters.TryGetNamedValue(invocation, _symbols, out var parameter, out var value, out var parameters))
            {
                AnalyzeCommandParameter(context, parameters, parameter, value, names);
                return;
            }

            AnalyzeSql(context, invocation, names);
        }

        private void AnalyzeCommandParameter(OperationAnalysisContext context, IOperation? parameters, string parameter, IOperation value, NameSet names)
        {
            if (!names.Contains(parameter) ||
                !UsesParameterInWrite(CommandParameters.CommandText(parameters, _symbols, context.CancellationToken), parameter, context.CancellationToken) ||
                _inMemory.UsesInMemoryStore(context.Operation.Syntax.SyntaxTree, context.CancellationToken) ||
                !_inMemory.ReachesSharedStore(parameters, _symbols, context.CancellationToken))
            {
                return;
            }

            var found = ImmutableArray.CreateBuilder<IdentifierValue>();
            foreach (var text in FlowEngine.FixedTextsOf(value, context.CancellationToken))
            {
                found.Add(new IdentifierValue(parameter, FixedValue.Of(text)));
            }

            Report(context, found.ToImmutable());
        }

        // Some text the command can run writes rows and refers to the parameter.
        private static bool UsesParameterInWrite(IOperation? commandText, string parameter, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var sql in FlowEngine.TextsOf(commandText, cancellationToken))
            {
                if (SqlText.WritesRows(sql.Text) && SqlText.Placeholders(sql.Text).Contains(NameSet.Normalize(parameter)))
                {
                    return true;
                }
            }

            return false;
        }

        public void AnalyzeSqlSink(OperationAnalysisContext context)
        {
            var tree = context.Operation.Syntax.SyntaxTree;
            if (!(_symbols.HasAdoNet || _symbols.HasDapper) || !_session.TestCode.IsTestCode(tree))
            {
                return;
            }

            var names = _session.OptionsFor(tree).IdentifierNames;
            if (CommandParameters.TryGetNamedValue(context.Operation, _symbols, out var parameter, out var value, out var parameters))
            {
                AnalyzeCommandParameter(context, parameters, parameter, value, names);
                return;
            }

            AnalyzeSql(context, context.Operation, names);
        }

        private void AnalyzeSql(OperationAnalysisContext context, IOperation operation, NameSet names)
        {
            if (!SqlSink.TryGet(operation, _symbols, out var sink) ||
                _inMemory.UsesInMemoryStore(operation.Syntax.SyntaxTree, context.CancellationToken) ||
                !_inMemory.ReachesSharedStore(sink.Receiver, _symbols, context.CancellationToken))
            {
                return;
            }

            // The fixed parts of the SQL count even when a table or schema name is unknown.
            var writesParameters = false;
            var placeholders = ImmutableHashSet<string>.Empty;
            var columns = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;
            ImmutableHashSet<string>? temporaryTables = null;
            foreach (var sql in FlowEngine.TextsOf(sink.Text, context.CancellationToken))
            {
                temporaryTables ??= TemporaryTablesOfMember(operation.Syntax);
                foreach (var value in SqlText.FixedIdentifierValues(sql.Text, names, temporaryTables))
                {
                    var fixedValue = new FixedValue(value.Value, sql.LocationOf(value.Raw, preferDeclaration: true), sql.IsFallback);
                    Report(context, ImmutableArray.Create(new IdentifierValue(value.Column, fixedValue)));
                }

                if (SqlText.WritesRows(sql.Text))
                {
                    writesParameters = true;
                    placeholders = placeholders.Union(SqlText.Placeholders(sql.Text));
                    foreach (var pair in SqlText.PlaceholderColumns(sql.Text))
                    {
                        columns = columns.SetItem(pair.Key, columns.TryGetValue(pair.Key, out var known) ? known.Union(pair.Value) : pair.Value);
                    }
                }
            }

            // ExecuteSqlRaw("... VALUES ({0})", "x") and ExecuteSql($"... VALUES ({slug})"): values bound by position.
            Report(context, PositionalSqlValues.Find(sink, names, context.CancellationToken));

            if (sink.Parameters is not null && writesParameters)
            {
                Report(context, ParameterObjectValues(sink.Parameters, names, placeholders, columns, context.CancellationToken));
            }
        }

        // Dapper: the parameter-object members a writing statement uses, judged by the column each goes into when
        // the SQL says (INSERT INTO jobqueue (jobid) VALUES (@id) writes a job reference, not an id; VALUES (@s)
        // into a slug column writes a slug), else by the member's own name.
        private ImmutableArray<IdentifierValue> ParameterObjectValues(
            IOperation parameters, NameSet names, ImmutableHashSet<string> placeholders,
            ImmutableDictionary<string, ImmutableHashSet<string>> columns, System.Threading.CancellationToken cancellationToken)
        {
            var builder = ImmutableArray.CreateBuilder<IdentifierValue>();
            foreach (var found in IdentifierFinder.InData(parameters, _symbols, names, cancellationToken))
            {
                var placeholder = NameSet.Normalize(found.Key);
                if (placeholders.Contains(placeholder) &&
                    (!columns.TryGetValue(placeholder, out var written) || written.Any(names.Contains)))
                {
                    builder.Add(found);
                }
            }

            var renamed = columns.Where(pair => !names.Contains(pair.Key) && pair.Value.Any(names.Contains)).ToList();
            if (renamed.Count > 0)
            {
                var members = NameSet.Parse(string.Join(",", renamed.Select(pair => pair.Key)));
                foreach (var found in IdentifierFinder.InData(parameters, _symbols, members, cancellationToken))
                {
                    var column = columns.TryGetValue(NameSet.Normalize(found.Key), out var written) ? written.First(names.Contains) : found.Key;
                    builder.Add(new IdentifierValue(column, found.Value));
                }
            }

            return builder.ToImmutable();
        }

        // CREATE TEMP TABLE t in another statement of the same method makes t the connection's own.
        private static ImmutableHashSet<string> TemporaryTablesOfMember(SyntaxNode node)
        {
            var member = node.AncestorsAndSelf().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax);
            if (member is null)
            {
                return ImmutableHashSet<string>.Empty;
            }

            var tables = ImmutableHashSet<string>.Empty;
            foreach (var token in member.DescendantTokens())
            {
                if (token.Value is string text && text.IndexOf("TEMP", System.StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    tables = tables.Union(SqlText.TemporaryTables(text));
                }
            }

            return tables;
        }

        // Most arguments hold no identifier: nothing is copied then.
        private static ImmutableArray<IdentifierValue> Concat(ImmutableArray<IdentifierValue> found, ImmutableArray<IdentifierValue> more) =>
            more.IsEmpty ? found : found.IsEmpty ? more : found.AddRange(more);

        private bool IsEntityFrameworkWrite(IMethodSymbol method) =>
            _symbols.HasEntityFramework &&
            !_symbols.EfStoreIsInMemoryOnly &&
            EntityFrameworkWrites.Contains(method.Name) &&
            (StoreSymbols.IsDefinition(method.ContainingType, _symbols.DbSet) ||
             StoreSymbols.IsDefinition(method.ContainingType, _symbols.DbContext));

        private void Report(OperationAnalysisContext context, ImmutableArray<IdentifierValue> found)
        {
            // A write the test expects to throw (argument validation, a duplicate it provokes) stores nothing; so does
            // a value handed to a helper inside such a call.
            if (found.IsEmpty || ExpectedExceptions.IsExpectedToThrow(context.Operation, context.CancellationToken))
            {
                return;
            }

            foreach (var item in found)
            {
                var location = item.Value.Location;
                if (ExpectedExceptions.IsExpectedToThrow(location, context.CancellationToken) || !_reported.TryAdd(location))
                {
                    continue;
                }

                // A Guid or ObjectId parsed from fixed text needs a new key of its type, not a slug:
                // suggest it, and leave out the value so the slug fix is not offered.
                var key = TextKeys.GeneratedReplacement(location, context.Operation.SemanticModel, context.CancellationToken);
                var replacement = key ?? FixSuggestion.Slug(context.ContainingSymbol, item.Value.Value);
                var properties = ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, replacement);
                if (key is null)
                {
                    properties = properties.Add(ValueProperty, item.Value.Value);
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.FixedTestDataIdentifier, location, properties, item.Key, item.Value.Value, replacement));
            }
        }
    }
}
