using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI1004: a delete in test setup or teardown (or a helper they call, see
/// <see cref="SetupAndTeardownMethods"/>) that other sessions' data also matches: an empty filter,
/// a fixed identifier (also as a parameter of <c>DELETE ... WHERE slug = @slug</c>), dropping a
/// fixed collection or database, <c>TRUNCATE</c> or <c>DELETE FROM t</c> without <c>WHERE</c>, also
/// when the SQL is an embedded <c>.sql</c> resource listed in AdditionalFiles. Reported on the delete call. Deletes in a database
/// the code names per session (or a SessionIsolatedFixture owns) are fine, and so is SQL on an
/// in-process store (SQLite <c>:memory:</c>, EF Core InMemory). A fixed identifier in
/// the filter is also TI1001 on the literal: the two say different things (the value collides;
/// the teardown removes other runs' data) and one fix, a per-session value, clears both.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnscopedTeardownDeleteAnalyzer : IsolationAnalyzer
{
    /// <summary>
    /// Diagnostic property: the one fixed identifier the delete filters on (absent for empty
    /// filters, drops, truncates, or several identifiers). The code fix scopes exactly this value.
    /// </summary>
    public const string ValueProperty = "Value";

    private static readonly ImmutableHashSet<string> MongoDeletes = ImmutableHashSet.Create(
        "DeleteOne", "DeleteOneAsync", "DeleteMany", "DeleteManyAsync", "FindOneAndDelete", "FindOneAndDeleteAsync");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnscopedTeardownDelete);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session)
    {
        if (!session.TestCode.MayContainTestCode(context.Compilation))
        {
            return;
        }

        // Per-run servers (Testcontainers, Mongo2Go) are decided per store, in Analyze. Symbols are
        // resolved at the first callback (see AnalysisSession.Deferred).
        var compilation = context.Compilation;
        var additionalFiles = context.Options.AdditionalFiles;
        var analysis = AnalysisSession.Deferred(() =>
            new Analysis(session, session.Stores, SetupAndTeardownMethods.Create(compilation), new EmbeddedSqlScripts(additionalFiles)));
        context.RegisterOperationAction(c => analysis.Value.Analyze(c), OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
    }

    private sealed class Analysis
    {
        private readonly AnalysisSession _session;
        private readonly StoreSymbols _symbols;
        private readonly SetupAndTeardownMethods _hooks;
        private readonly EmbeddedSqlScripts _scripts;
        private readonly InMemoryStores _inMemory = new();

        public Analysis(AnalysisSession session, StoreSymbols symbols, SetupAndTeardownMethods hooks, EmbeddedSqlScripts scripts)
        {
            _session = session;
            _symbols = symbols;
            _hooks = hooks;
            _scripts = scripts;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            // Cheap checks first; whether the method runs around tests is asked only for a delete.
            if (!_symbols.HasAnyStore || !IsDeleteCandidate(context.Operation) ||
                !_session.TestCode.IsTestCode(context.Operation.Syntax.SyntaxTree) ||
                !_hooks.RunsAroundTests(Owner(context.ContainingSymbol), context.CancellationToken))
            {
                return;
            }

            var wipe = context.Operation is IInvocationOperation invocation &&
                              DescribeMongoDelete(invocation, context.CancellationToken) is { } mongo &&
                              !FakeStores.IsFake(invocation, _symbols, context.CancellationToken) &&
                              _inMemory.ReachesSharedStore(
                                  invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments.FirstOrDefault()?.Value : null),
                                  _symbols,
                                  context.CancellationToken)
                ? mongo
                : null;
            wipe ??= DescribeSqlDelete(context.Operation, context.CancellationToken);
            wipe ??= context.Operation is IInvocationOperation call ? Wipe.Of(DescribeReset(call, context.CancellationToken)) : null;
            if (wipe is not null)
            {
                var properties = wipe.Value is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(ValueProperty, wipe.Value);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnscopedTeardownDelete, context.Operation.Syntax.GetLocation(), properties, wipe.Description));
            }
        }

        // Lambdas and local functions belong to the member they are written in, so they count as setup/teardown too.
        private static ISymbol Owner(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction, ContainingSymbol: { } outer })
            {
                symbol = outer;
            }

            return symbol;
        }

        private bool IsDeleteCandidate(IOperation operation)
        {
            if (operation is IInvocationOperation reset && StoreResets.TryGet(reset, out _))
            {
                return true;
            }

            if (operation is IInvocationOperation { TargetMethod: var method } &&
                ((_symbols.IsMongoCollectionMethod(method) && MongoDeletes.Contains(method.Name)) ||
                 (_symbols.IsMongoDatabaseMethod(method) && method.Name is "DropCollection" or "DropCollectionAsync") ||
                 (_symbols.IsMongoClientMethod(method) && method.Name is "DropDatabase" or "DropDatabaseAsync")))
            {
                return true;
            }

            // Constant SQL that cannot delete (the inserts of most test bodies) is no candidate.
            return SqlSink.TryGet(operation, _symbols, out var sink) &&
                   (sink.Text.ConstantValue is not { HasValue: true, Value: string sql } ||
                    sql.IndexOf("DELETE", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                    sql.IndexOf("TRUNCATE", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                    sql.IndexOf("DROP", System.StringComparison.OrdinalIgnoreCase) >= 0);
        }

        private Wipe? DescribeMongoDelete(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsMongoCollectionMethod(method) && MongoDeletes.Contains(method.Name))
            {
                var filter = invocation.Arguments.FirstOrDefault(a => MongoArguments.Classify(a, _symbols) == MongoArgumentKind.Filter);
                if (filter is null)
                {
                    return null;
                }

                Wipe? wipe;
                if (IsEmptyFilter(filter.Value, 0, cancellationToken))
                {
                    wipe = Wipe.Of(method.Name.StartsWith("DeleteMany", System.StringComparison.Ordinal)
                        ? "deletes every document in the collection"
                        : "deletes whichever document comes first in the collection");
                }
                else
                {
                    var names = _session.OptionsFor(invocation.Syntax.SyntaxTree).IdentifierNames;
                    var found = IdentifierFinder.InFilter(filter.Value, _symbols, names, cancellationToken);
                    wipe = found.IsEmpty
                        ? null
                        : Wipe.ByIdentifier(found[0].Key, found[0].Value.Value, found.Select(f => f.Value.Value).Distinct().Count() == 1);
                }

                var collection = method.IsExtensionMethod ? invocation.Arguments.FirstOrDefault()?.Value : invocation.Instance;
                return wipe is not null && StoreScopes.Of(collection, _symbols, cancellationToken) != StoreScope.Session
                    ? wipe
                    : null;
            }

            if (_symbols.IsMongoDatabaseMethod(method) && method.Name is "DropCollection" or "DropCollectionAsync" &&
                FixedStringArgument(invocation, cancellationToken) is { } collectionName &&
                StoreScopes.Of(invocation.Instance, _symbols, cancellationToken) != StoreScope.Session)
            {
                return Wipe.Of($"drops the fixed collection \"{collectionName}\"");
            }

            // foreach (var name in db.ListCollectionNames().ToList()) db.DropCollection(name);
            if (_symbols.IsMongoDatabaseMethod(method) && method.Name is "DropCollection" or "DropCollectionAsync" &&
                FixedStringArgument(invocation, cancellationToken) is null &&
                ListedCollectionDrops.ListedDatabase(invocation, StringArgument(invocation), _symbols, cancellationToken) is { } listed &&
                StoreScopes.Of(listed, _symbols, cancellationToken) != StoreScope.Session &&
                StoreScopes.Of(invocation.Instance, _symbols, cancellationToken) != StoreScope.Session)
            {
                return Wipe.Of("drops every collection of the database");
            }

            if (_symbols.IsMongoClientMethod(method) && method.Name is "DropDatabase" or "DropDatabaseAsync" &&
                FixedStringArgument(invocation, cancellationToken) is { } databaseName &&
                !ConnectionStringText.IsSystemDatabase(databaseName))
            {
                return Wipe.Of($"drops the fixed database \"{databaseName}\"");
            }

            return null;
        }

        private Wipe? DescribeSqlDelete(IOperation operation, CancellationToken cancellationToken)
        {
            if (!SqlSink.TryGet(operation, _symbols, out var sink) || IsInMemory(operation, cancellationToken))
            {
                return null;
            }

            // An embedded script stands in when the command text is unknown; so does a wipe of tables named at run time.
            var sql = FixedText(sink.Text, cancellationToken) ?? _scripts.ScriptRunBy(operation, cancellationToken);
            if (sql is null)
            {
                return Wipe.Of(HoledSqlWipes.Describe(sink.Text, cancellationToken));
            }

            var names = _session.OptionsFor(operation.Syntax.SyntaxTree).IdentifierNames;
            foreach (var statement in SqlText.Statements(sql))
            {
                if (SqlText.TryGetUnscopedDelete(statement, out var description))
                {
                    return Wipe.Of(description);
                }

                if (SqlText.TryGetDatabaseStatement(statement, out var verb, out var database) &&
                    verb == "DROP" && !ConnectionStringText.IsSystemDatabase(database))
                {
                    return Wipe.Of($"drops the fixed database \"{database}\"");
                }

                if (SqlText.TryGetSchemaDrop(statement, out var schema))
                {
                    return Wipe.Of($"drops the fixed schema \"{schema}\"");
                }

                if (statement.TrimStart().StartsWith("DELETE", System.StringComparison.OrdinalIgnoreCase))
                {
                    // No value for the fix: it rewrites string literals, and this one is part of the SQL text.
                    foreach (var value in SqlText.FixedIdentifierValues(statement, names))
                    {
                        return Wipe.ByIdentifier(value.Column, value.Value, single: false);
                    }

                    if (ParameterizedDeletes.FixedParameter(statement, sink, operation, _symbols, names, value => FixedText(value, cancellationToken), cancellationToken) is { } parameter)
                    {
                        return Wipe.ByIdentifier(parameter.Column, parameter.Value, single: true);
                    }
                }
            }

            return null;
        }

        // EnsureDeleted, RemoveRange / ExecuteDelete of a whole DbSet, Respawn: on a store that is not the run's own.
        private string? DescribeReset(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            if (!StoreResets.TryGet(invocation, out var reset) || IsInMemory(invocation, cancellationToken))
            {
                return null;
            }

            if (reset.IsEntityFramework)
            {
                // Only a project that references a server provider can reach a shared database through EF Core.
                return !_symbols.EfStoreIsInProcess && !_inMemory.IsPrivateToRun(reset.Store, cancellationToken) ? reset.Description : null;
            }

            if (reset.IsConnectionString)
            {
                foreach (var text in FlowEngine.TextsOf(reset.Store, cancellationToken))
                {
                    if (text.IsPerRun)
                    {
                        return null;
                    }
                }

                return RunUniqueValues.Contains(reset.Store!, cancellationToken) ? null : reset.Description;
            }

            if (StoreResets.IsInProcessByFile(reset, invocation.Syntax.SyntaxTree, cancellationToken) ||
                _inMemory.IsPrivateToRun(reset.Store, cancellationToken) ||
                StoreResets.IsConfiguredPerRun(reset.Store, _inMemory, cancellationToken))
            {
                return null;
            }

            // DropSchemaAsync("registry"): the fixed schema; one named per run is the run's own.
            if (reset.Name is null)
            {
                return reset.Description;
            }

            return StoreResets.IsPerRunValue(reset.Name, cancellationToken) ? null :
                FixedText(reset.Name, cancellationToken) is { } name ? $"drops the fixed schema \"{name}\"" : reset.Description;
        }

        // The one place this rule asks the value-flow engine for SQL text and parameter values (not ?? fallbacks).
        private string? FixedText(IOperation? value, CancellationToken cancellationToken) =>
            FlowEngine.TryGetFixed(value, cancellationToken, out var text, includeFallbacks: false) ? text.Text : null;

        // SQLite :memory: or EF Core InMemory set up in this file, or the connection / context the
        // SQL runs on comes from a helper that sets one up: nothing another run can see.
        private bool IsInMemory(IOperation operation, CancellationToken cancellationToken)
        {
            if (_inMemory.UsesInMemoryStore(operation.Syntax.SyntaxTree, cancellationToken))
            {
                return true;
            }

            return operation switch
            {
                IInvocationOperation invocation => _inMemory.IsPrivateToRun(
                    invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments.FirstOrDefault()?.Value : null),
                    cancellationToken),
                IObjectCreationOperation creation => _inMemory.IsPrivateToRun(creation, cancellationToken),
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => _inMemory.IsPrivateToRun(property.Instance, cancellationToken),
                _ => false,
            };
        }

        private static string? FixedStringArgument(IInvocationOperation invocation, CancellationToken cancellationToken) =>
            FlowEngine.TryGetFixed(StringArgument(invocation), cancellationToken, out var value, includeFallbacks: false) ? value.Text : null;

        private static IOperation? StringArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        // FilterDefinition<T>.Empty, Builders<T>.Filter.Empty, new BsonDocument(), _ => true, "{}".
        private bool IsEmptyFilter(IOperation? filter, int depth, CancellationToken cancellationToken)
        {
            var operation = FlowEngine.Unwrap(filter);
            if (operation is null || depth > 3)
            {
                return false;
            }

            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Empty" } empty:
                    return StoreSymbols.IsDefinition(empty.Property.ContainingType, _symbols.FilterDefinition) ||
                           StoreSymbols.IsDefinition(empty.Property.ContainingType, _symbols.FilterDefinitionBuilder);
                case IObjectCreationOperation creation when _symbols.IsBsonDocument(creation.Type):
                    return creation.Arguments.IsEmpty && (creation.Initializer is null || creation.Initializer.Initializers.IsEmpty);
                case IDelegateCreationOperation delegateCreation:
                    return IsEmptyFilter(delegateCreation.Target, depth + 1, cancellationToken);
                case IAnonymousFunctionOperation lambda:
                    return lambda.Body.Operations.Length == 1 &&
                           lambda.Body.Operations[0] is IReturnOperation { ReturnedValue.ConstantValue: { HasValue: true, Value: true } };
                case IInvocationOperation { TargetMethod.Name: "Where", Arguments.Length: 1 } where when _symbols.IsFilterBuilderMethod(where.TargetMethod):
                    return IsEmptyFilter(where.Arguments[0].Value, depth + 1, cancellationToken);
                case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    return IsEmptyFilter(AssignedValues.Of(operation, cancellationToken).Single, depth + 1, cancellationToken);
                default:
                    return operation.ConstantValue is { HasValue: true, Value: string json } &&
                           json.Replace(" ", string.Empty).Trim() == "{}";
            }
        }
    }

    // What a delete wipes (the message) and, when it filters on exactly one fixed identifier, that value (for the fix).
    private sealed class Wipe
    {
        private Wipe(string description, string? value)
        {
            Description = description;
            Value = value;
        }

        public string Description { get; }

        public string? Value { get; }

        public static Wipe? Of(string? description) => description is null ? null : new Wipe(description, null);

        public static Wipe ByIdentifier(string key, string value, bool single) =>
            new($"deletes by the fixed {key} \"{value}\"", single ? value : null);
    }
}
