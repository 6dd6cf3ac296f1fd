using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Infrastructure;

/// <summary>Proves the offline verifier resolves the real libraries, and reports what it should.</summary>
public class VerifierSmokeTests
{
    [Fact]
    public async Task Real_library_metadata_compiles_and_marked_diagnostics_are_checked()
    {
        const string source = """
            using MongoDB.Driver;
            using Xunit;

            public class Tests
            {
                [Fact]
                public void Uses_driver()
                {
                    IMongoClient client = new MongoClient({|SMOKE:"mongodb://localhost"|});
                    Assert.NotNull(client);
                }
            }
            """;

        await AnalyzerVerifier<StringLiteralSmokeAnalyzer>.VerifyAsync(source);
    }

    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class StringLiteralSmokeAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("SMOKE", "t", "m", "c", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(
                c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Operation.Syntax.GetLocation())),
                Microsoft.CodeAnalysis.OperationKind.Literal);
        }
    }
}
