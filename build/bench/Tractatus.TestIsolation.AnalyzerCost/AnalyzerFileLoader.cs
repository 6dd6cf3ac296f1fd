using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.AnalyzerCost;

/// <summary>Loads analyzer assemblies from their files (the compiler's own loaders are internal).</summary>
internal sealed class AnalyzerFileLoader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
}
