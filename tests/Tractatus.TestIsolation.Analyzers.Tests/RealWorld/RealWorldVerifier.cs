using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Runs all six rules over one real-world shape, so each case states every diagnostic it should
/// get (a not-flagged case states none). Sources get the usual usings prepended; extra files,
/// stand-in libraries and additional files (an embedded <c>.sql</c> script) are optional.
/// </summary>
internal static class RealWorldVerifier
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Reflection;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.EntityFrameworkCore;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;

        """;

    private sealed class AllRulesTest : CSharpAnalyzerTest<FixedTestDataIdentifierAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        [
            new FixedTestDataIdentifierAnalyzer(),
            new HardCodedDatabaseNameAnalyzer(),
            new StaticSessionIdAnalyzer(),
            new UnscopedTeardownDeleteAnalyzer(),
            new UnlockedSharedStateWriteAnalyzer(),
            new UnlockedReadModifyWriteAnalyzer(),
        ];
    }

    /// <summary>An xUnit v2 test project.</summary>
    public static Task Test(string source, params MetadataReference[] references) =>
        Run(new Shape(source) { References = references });

    /// <summary>Tooling or production code: no test framework referenced.</summary>
    public static Task Tool(string source, params MetadataReference[] references) =>
        Run(new Shape(source) { Project = TestProject.NonTest, References = references });

    /// <summary>Runs one shape.</summary>
    public static Task Run(Shape shape)
    {
        var prefix = Usings + (shape.Project switch
        {
            TestProject.Xunit => "using Xunit;\n\n",
            TestProject.NUnit => "using NUnit.Framework;\n\n",
            TestProject.MSTest => "using Microsoft.VisualStudio.TestTools.UnitTesting;\n\n",
            _ => string.Empty,
        });
        var test = new AllRulesTest
        {
            TestCode = prefix + shape.Source,
        };
        VerifierSetup.Configure(test, shape.Project);
        test.TestState.AdditionalReferences.AddRange(shape.References);
        test.TestState.Sources.Add(("/SharedStateFile.cs", SharedStateTestSources.SharedStateFile));
        foreach (var (name, text) in shape.Files)
        {
            test.TestState.Sources.Add(("/" + name, prefix + text));
        }

        foreach (var (path, text) in shape.AdditionalFiles)
        {
            test.TestState.AdditionalFiles.Add((path, text));
        }

        return test.RunAsync();
    }

    /// <summary>One case: the source with its expected-diagnostic markup and what it compiles with.</summary>
    public sealed record Shape(string Source)
    {
        /// <summary>Which test framework the project references.</summary>
        public TestProject Project { get; init; } = TestProject.Xunit;

        /// <summary>Stand-in libraries (see <see cref="Stubs"/>).</summary>
        public IReadOnlyList<MetadataReference> References { get; init; } = [];

        /// <summary>Further source files (helpers and fixtures in their own files), with the same usings.</summary>
        public IReadOnlyList<(string Name, string Text)> Files { get; init; } = [];

        /// <summary>Additional files, e.g. an embedded SQL script also listed as AdditionalFiles.</summary>
        public IReadOnlyList<(string Path, string Text)> AdditionalFiles { get; init; } = [];
    }
}
