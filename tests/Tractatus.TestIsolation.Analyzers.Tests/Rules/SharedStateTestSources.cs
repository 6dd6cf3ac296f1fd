using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// Extra source files the shared-state tests compile with: the runtime's <c>SharedStateFile</c>
/// surface and the DistributedLock (Medallion) abstractions, declared with their real metadata
/// names so the analyzers resolve them exactly as they would from the packages.
/// </summary>
public static class SharedStateTestSources
{
    /// <summary>The public shape of Tractatus.TestIsolation.SharedStateFile the rules key on.</summary>
    public const string SharedStateFile = """
        namespace Tractatus.TestIsolation
        {
            public static class SharedStateFile
            {
                public static T Update<T>(string path, System.Func<T, T> transform) => transform(default!);

                public static string UpdateText(string path, System.Func<string, string> transform) => transform(string.Empty);

                public static System.Threading.Tasks.Task<string> UpdateTextAsync(string path, System.Func<string, string> transform) =>
                    System.Threading.Tasks.Task.FromResult(transform(string.Empty));
            }
        }
        """;

    /// <summary>The DistributedLock.Core interfaces (namespace Medallion.Threading).</summary>
    public const string DistributedLock = """
        namespace Medallion.Threading
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public interface IDistributedSynchronizationHandle : IDisposable, IAsyncDisposable
            {
                CancellationToken HandleLostToken { get; }
            }

            public interface IDistributedLock
            {
                string Name { get; }

                IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

                ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);
            }
        }
        """;

    /// <summary>Verifies one analyzer over <paramref name="source"/> plus both stub files.</summary>
    public static Task VerifyAsync<TAnalyzer>(string source, TestProject project = TestProject.NonTest, string? editorConfig = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = AnalyzerVerifier<TAnalyzer>.Create(source, project, editorConfig);
        test.TestState.Sources.Add(("/SharedStateFile.cs", SharedStateFile));
        test.TestState.Sources.Add(("/DistributedLock.cs", DistributedLock));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
