using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// TI1002: in test code, a database named by a fixed string: <c>GetDatabase("x")</c>,
/// <c>DropDatabase("x")</c>, a <c>mongodb://host/x</c> URI, a connection string with
/// <c>Database=</c> / <c>Initial Catalog=</c> or a SQLite file, a connection-string builder's
/// <c>Database</c>, or <c>CREATE</c>/<c>DROP DATABASE x</c>. Server system databases are fine.
/// Also the database or schema given to driver wrappers (<see cref="WrapperDatabaseSinks"/>),
/// connection strings handed over as settings (<see cref="SettingsConnectionStrings"/>) and SQLite
/// files in machine-wide folders (<see cref="SharedFolderSqliteFiles"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedDatabaseNameAnalyzer : IsolationAnalyzer
{
    /// <summary>Diagnostic property: the fixed database name.</summary>
    public const string NameProperty = "Name";

    /// <summary>Diagnostic property: the suggested per-session expression.</summary>
    public const string ReplacementProperty = "Replacement";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.HardCodedDatabaseName);

    /// <inheritdoc />
    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, AnalysisSession session)
    {
        if (!session.TestCode.MayContainTestCode(context.Compilation))
        {
            return;
        }

        // Store symbols are resolved at the first callback (see AnalysisSession.Deferred).
        var analysis = AnalysisSession.Deferred(() => new Analysis(session, session.Stores));
        context.RegisterOperationAction(c => analysis.Value.Analyze(c), OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
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

        public void Analyze(OperationAnalysisContext context)
        {
            if (!_symbols.HasAnyStore || !_session.TestCode.IsTestCode(context.Operation.Syntax.SyntaxTree))
            {
                return;
            }

            switch (context.Operation)
            {
                case IInvocationOperation invocation:
                    AnalyzeInvocation(context, invocation);
                    break;
                case IObjectCreationOperation creation:
                    AnalyzeCreation(context, creation);
                    break;
                case ISimpleAssignmentOperation assignment:
                    AnalyzeAssignment(context, assignment);
                    break;
            }

            if (SqlSink.TryGet(context.Operation, _symbols, out var sink) && _inMemory.ReachesSharedStore(sink.Receiver, _symbols, context.CancellationToken))
            {
                foreach (var sql in FlowEngine.TextsOf(sink.Text, context.CancellationToken))
                {
                    foreach (var statement in SqlText.Statements(sql.Text))
                    {
                        if (SqlText.TryGetDatabaseStatement(statement, out _, out var name) && IsFixedName(name))
                        {
                            Report(context, sql, name);
                            break;
                        }
                    }
                }
            }
        }

        private void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            if (WrapperDatabaseSinks.NameArgument(invocation) is { } wrappedName)
            {
                CheckWrappedName(context, invocation, wrappedName);
            }
            else if (SettingsConnectionStrings.ValueOf(invocation, context.CancellationToken) is { } setting)
            {
                CheckConnectionString(context, setting, sqlite: false, setting: true);
                return;
            }

            var method = invocation.TargetMethod;
            if (_symbols.IsMongoClientMethod(method) && method.Name is "GetDatabase" or "DropDatabase" or "DropDatabaseAsync")
            {
                if (FakeStores.IsFake(invocation, _symbols, context.CancellationToken) ||
                    !_inMemory.ReachesSharedStore(invocation.Instance, _symbols, context.CancellationToken))
                {
                    return;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                    {
                        CheckName(context, argument.Value);
                        return;
                    }
                }

                return;
            }

            var mongoFactory = StoreSymbols.IsDefinition(method.ContainingType, _symbols.MongoUrl) ||
                               StoreSymbols.IsDefinition(method.ContainingType, _symbols.MongoClientSettings);
            CheckConnectionStringArguments(context, invocation.Arguments, mongoFactory, _symbols.IsSqlite(method.ContainingType));
        }

        private void AnalyzeCreation(OperationAnalysisContext context, IObjectCreationOperation creation)
        {
            if (WrapperDatabaseSinks.NameArgument(creation) is { } wrappedName)
            {
                // new MongoStorage(settings, "testdb", …).ToString(): a unit test of the wrapper itself.
                if (!IsOnlyInspected(creation, formatting: true))
                {
                    CheckWrappedName(context, creation, wrappedName);
                }
            }
            else if (SettingsConnectionStrings.ValueOf(creation, context.CancellationToken) is { } setting)
            {
                CheckConnectionString(context, setting, sqlite: false, setting: true);
                return;
            }

            var type = creation.Type;
            var takesConnectionString =
                StoreSymbols.IsOrDerivesFrom(type, _symbols.MongoClient) ||
                StoreSymbols.IsDefinition(type, _symbols.MongoUrl) ||
                StoreSymbols.IsDefinition(type, _symbols.MongoUrlBuilder) ||
                StoreSymbols.IsOrDerivesFrom(type, _symbols.DbConnection) ||
                StoreSymbols.IsOrDerivesFrom(type, _symbols.DbConnectionStringBuilder) ||
                StoreSymbols.IsOrDerivesFrom(type, _symbols.NpgsqlDataSourceBuilder);
            if (takesConnectionString && IsParsedOnly(creation))
            {
                return;
            }

            CheckConnectionStringArguments(context, creation.Arguments, takesConnectionString, _symbols.IsSqlite(type));
        }

        // A connection-string builder or MongoUrl that is only read from (Assert.Equal("orders",
        // builder.Database)) is a unit test of parsing: no connection is ever made with it.
        private bool IsParsedOnly(IObjectCreationOperation creation)
        {
            var type = creation.Type;
            return (StoreSymbols.IsOrDerivesFrom(type, _symbols.DbConnectionStringBuilder) ||
                    StoreSymbols.IsDefinition(type, _symbols.MongoUrl) ||
                    StoreSymbols.IsDefinition(type, _symbols.MongoUrlBuilder)) &&
                   IsOnlyInspected(creation, formatting: false);
        }

        // The created object is only read from (its parts, and its ToString() when that is not the connection string a
        // builder's ToString() is), through a local or directly.
        private static bool IsOnlyInspected(IObjectCreationOperation creation, bool formatting)
        {
            var parent = creation.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IPropertyReferenceOperation or IInvocationOperation)
            {
                return IsInspection(parent, formatting);
            }

            if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                return false;
            }

            var root = (IOperation)declarator;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            // An unused builder says nothing either way, and stays reported.
            var inspections = 0;
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference &&
                    SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                {
                    if (!IsInspection(reference.Parent, formatting))
                    {
                        return false;
                    }

                    inspections++;
                }
            }

            return inspections > 0;
        }

        // Reading a part (builder.Database, url.DatabaseName), or formatting a wrapper for display; not the whole
        // connection string, not setting a part.
        private static bool IsInspection(IOperation? use, bool formatting) => use switch
        {
            IInvocationOperation { TargetMethod.Name: "ToString", Arguments.IsEmpty: true } => formatting,
            IPropertyReferenceOperation { Property.Name: "ConnectionString" or "Url" } => false,
            IPropertyReferenceOperation property => !(property.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, property)),
            _ => false,
        };

        private void AnalyzeAssignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is IPropertyReferenceOperation { Arguments.Length: 1 } indexer)
            {
                AnalyzeIndexerWrite(context, assignment, indexer);
                return;
            }

            if (assignment.Target is not IPropertyReferenceOperation { Arguments.IsEmpty: true } target)
            {
                return;
            }

            var property = target.Property;
            if (WrapperDatabaseSinks.IsNameProperty(property))
            {
                CheckWrappedName(context, assignment, assignment.Value);
                return;
            }

            var type = property.ContainingType;
            var isBuilder = StoreSymbols.IsOrDerivesFrom(type, _symbols.DbConnectionStringBuilder);
            switch (property.Name)
            {
                case "ConnectionString" when isBuilder ||
                                             StoreSymbols.IsOrDerivesFrom(type, _symbols.DbConnection) ||
                                             StoreSymbols.IsOrDerivesFrom(type, _symbols.IDbConnection):
                    CheckConnectionString(context, assignment.Value, _symbols.IsSqlite(type));
                    break;
                case "Database" or "InitialCatalog" when isBuilder:
                case "DatabaseName" when StoreSymbols.IsDefinition(type, _symbols.MongoUrlBuilder):
                    if (_inMemory.ReachesSharedStore(target.Instance, _symbols, context.CancellationToken))
                    {
                        CheckName(context, assignment.Value);
                    }

                    break;
                case "DataSource" when isBuilder && _symbols.IsSqlite(type):
                    CheckConnectionString(context, assignment.Value, sqlite: true, asDataSource: true);
                    break;
            }
        }

        // builder["Database"] = "orders" sets the same part as builder.Database; settings["ConnectionStrings:Db"]
        // = "…;Database=orders" hands the application the connection string.
        private void AnalyzeIndexerWrite(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, IPropertyReferenceOperation indexer)
        {
            if (FlowEngine.ConstantString(indexer.Arguments[0].Value) is not { } key)
            {
                return;
            }

            if (IsDatabaseKey(key) &&
                StoreSymbols.IsOrDerivesFrom(indexer.Property.ContainingType, _symbols.DbConnectionStringBuilder))
            {
                if (_inMemory.ReachesSharedStore(indexer.Instance, _symbols, context.CancellationToken))
                {
                    CheckName(context, assignment.Value);
                }
            }
            else if (SettingsConnectionStrings.IsSettingWrite(indexer, context.CancellationToken))
            {
                CheckConnectionString(context, assignment.Value, sqlite: false, setting: true);
            }
        }

        // Compared without allocating: most indexer writes in tests are dictionaries with other keys.
        private static bool IsDatabaseKey(string key) =>
            key.Equals("Database", System.StringComparison.OrdinalIgnoreCase) ||
            key.Equals("Initial Catalog", System.StringComparison.OrdinalIgnoreCase) ||
            key.Equals("InitialCatalog", System.StringComparison.OrdinalIgnoreCase);

        // A wrapper's database or schema: fixed, not a system database or default schema, and not on
        // a server started for this run.
        private void CheckWrappedName(OperationAnalysisContext context, IOperation sink, IOperation name)
        {
            var texts = FlowEngine.FixedTextsOf(name, context.CancellationToken);
            if (texts.IsEmpty || WrapperDatabaseSinks.ServerIsPerRun(sink, name, _inMemory, context.CancellationToken))
            {
                return;
            }

            foreach (var text in texts)
            {
                if (!ConnectionStringText.IsSystemDatabase(text.Text) && !WrapperDatabaseSinks.IsDefaultSchema(text.Text))
                {
                    Report(context, text, text.Text);
                }
            }
        }

        // String arguments of a connection/builder constructor or factory, and any string
        // parameter named connectionString (UseNpgsql, UseSqlite, NpgsqlDataSource.Create, ...).
        private void CheckConnectionStringArguments(
            OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, bool allStrings, bool sqlite)
        {
            foreach (var argument in arguments)
            {
                // The parameter's name before its type: most calls take no connection string at all.
                if (argument.Parameter is { } parameter &&
                    (allStrings || ConnectionStringText.IsConnectionStringParameter(parameter.Name)) &&
                    argument.ArgumentKind != ArgumentKind.DefaultValue &&
                    parameter.Type.SpecialType == SpecialType.System_String)
                {
                    CheckConnectionString(context, argument.Value, sqlite);
                }
            }
        }

        // The database part counts even when the host or credentials come from configuration:
        // $"{Environment.GetEnvironmentVariable("PG")};Database=app_tests" names a fixed database.
        // A setting's connection string may be a placeholder never connected to (Database=dummy).
        private void CheckConnectionString(OperationAnalysisContext context, IOperation value, bool sqlite, bool asDataSource = false, bool setting = false)
        {
            foreach (var text in FlowEngine.TextsOf(value, context.CancellationToken))
            {
                var connectionString = asDataSource ? "Data Source=" + text.Text : text.Text;
                // A database on a server started for this run (its connection string) is the run's own.
                if (text.IsPerRun || !ConnectionStringText.TryGetDatabase(connectionString, sqlite, out var name) ||
                    (setting && SettingsConnectionStrings.IsDummyName(name)))
                {
                    continue;
                }

                if (IsFixedName(name))
                {
                    Report(context, text, name);
                }
                else if (SharedFolderSqliteFiles.TryGetFileName(name, value, context.CancellationToken, out var file))
                {
                    Report(context, text, file);
                }
            }
        }

        private void CheckName(OperationAnalysisContext context, IOperation value)
        {
            foreach (var text in FlowEngine.FixedTextsOf(value, context.CancellationToken))
            {
                if (!ConnectionStringText.IsSystemDatabase(text.Text))
                {
                    Report(context, text, text.Text);
                }
            }
        }

        private static bool IsFixedName(string name) =>
            !FlowText.HasHole(name) && !string.IsNullOrWhiteSpace(name) && !ConnectionStringText.IsSystemDatabase(name);

        // Once, on the literal that holds the name (a constant's declaration, a helper's return),
        // however many places use it.
        private void Report(OperationAnalysisContext context, FlowText value, string name)
        {
            // A call the test expects to throw (argument validation) never reaches the database, nor does a name
            // handed to a helper inside such a call.
            if (ExpectedExceptions.IsExpectedToThrow(context.Operation, context.CancellationToken))
            {
                return;
            }

            var location = value.OriginOf(name).GetLocation();
            if (ExpectedExceptions.IsExpectedToThrow(location, context.CancellationToken) || !_reported.TryAdd(location))
            {
                return;
            }

            var replacement = FixSuggestion.DatabaseName(context.ContainingSymbol, name);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(NameProperty, name)
                .Add(ReplacementProperty, replacement);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedDatabaseName, location, properties, name, replacement));
        }
    }
}
