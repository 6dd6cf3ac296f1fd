using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// The model a typical integration suite has (documents, an EF Core context, a fixture deriving
/// from the runtime's SessionIsolatedFixture), compiled as a second file next to each test source
/// for TI1001, TI1002 and TI1004.
/// </summary>
public static class TestDataSources
{
    /// <summary>Documents, entities and an EF Core context.</summary>
    public const string Model = """
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        public class Doc
        {
            public string Id { get; set; } = "";
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
            public string CustomerId { get; set; } = "";
            public string Email { get; set; } = "";
            public string UserName { get; set; } = "";
            public Author? Author { get; set; }
            public List<string> Tags { get; set; } = new();
        }

        public class Author
        {
            public string Email { get; set; } = "";
            public string Name { get; set; } = "";
        }

        public record Tag(string Slug, string Label);

        public class AppDbContext : DbContext
        {
            public DbSet<Doc> Docs => Set<Doc>();
        }
        """;

    /// <summary>The runtime fixture's public shape; analyzers recognise it by type name.</summary>
    public const string Fixture = """
        namespace Tractatus.TestIsolation.Xunit
        {
            public abstract class SessionIsolatedFixture
            {
                public string DatabaseName => "db_" + System.Guid.NewGuid().ToString("N");
                public string Slug(string baseName) => baseName + "-" + System.Guid.NewGuid().ToString("N");
                public MongoDB.Driver.IMongoDatabase Database { get; } = null!;
            }
        }

        public sealed class DocsFixture : Tractatus.TestIsolation.Xunit.SessionIsolatedFixture
        {
        }
        """;

    /// <summary>Verifies one analyzer over <paramref name="source"/> plus the model and fixture files.</summary>
    public static Task VerifyAsync<TAnalyzer>(string source, TestProject project = TestProject.Xunit, string? editorConfig = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = AnalyzerVerifier<TAnalyzer>.Create(source, project, editorConfig);
        test.TestState.Sources.Add(("/Model.cs", Model));
        test.TestState.Sources.Add(("/Fixture.cs", Fixture));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Like <see cref="VerifyAsync{TAnalyzer}"/>, with extra metadata references.</summary>
    public static Task VerifyWithReferencesAsync<TAnalyzer>(string source, IEnumerable<MetadataReference> references, TestProject project = TestProject.Xunit)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = AnalyzerVerifier<TAnalyzer>.Create(source, project, editorConfig: null);
        test.TestState.Sources.Add(("/Model.cs", Model));
        test.TestState.Sources.Add(("/Fixture.cs", Fixture));
        test.TestState.AdditionalReferences.AddRange(references);
        return test.RunAsync();
    }

    /// <summary>
    /// A reference to an empty assembly with the given name: enough for name-based detection of
    /// libraries the test project does not carry (Testcontainers, EF Core InMemory).
    /// </summary>
    public static MetadataReference EmptyAssembly(string name) =>
        Assembly(name, "namespace " + name + " { public static class Marker { } }");

    /// <summary>
    /// Stand-ins for the mocking libraries' entry points (Moq, NSubstitute), compiled into
    /// assemblies with the real names: the rules recognise mocks by assembly name.
    /// </summary>
    public static ImmutableArray<MetadataReference> MockingLibraries { get; } =
    [
        Assembly("Moq", """
            namespace Moq
            {
                using System;
                using System.Linq.Expressions;

                public class ISetup<T>
                {
                    public void Returns(object value) { }
                }

                public class Mock<T> where T : class
                {
                    public T Object => default!;
                    public ISetup<T> Setup(Expression<Action<T>> expression) => null!;
                    public ISetup<T> Setup<TResult>(Expression<Func<T, TResult>> expression) => null!;
                    public void Verify(Expression<Action<T>> expression) { }
                }
            }
            """),
        Assembly("NSubstitute", """
            namespace NSubstitute
            {
                public static class Substitute
                {
                    public static T For<T>() where T : class => null!;
                }

                public static class SubstituteExtensions
                {
                    public static void Returns<T>(this T value, T returnThis) { }
                    public static T Received<T>(this T substitute) => substitute;
                }
            }
            """),
    ];

    /// <summary>Compiles <paramref name="source"/> into a reference named <paramref name="name"/>.</summary>
    public static MetadataReference Assembly(string name, string source)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            name,
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            TestReferences.Framework,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not build the marker assembly " + name + ": " + string.Join("; ", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
