using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Recognises test teardown: <c>Dispose</c>/<c>DisposeAsync</c> (IDisposable, IAsyncDisposable,
/// xUnit's IAsyncLifetime) and methods marked with a framework's cleanup attribute, resolved
/// by metadata name.
/// </summary>
internal sealed class TeardownMethods
{
    private static readonly ImmutableArray<string> AttributeNames = ImmutableArray.Create(
        "NUnit.Framework.TearDownAttribute",
        "NUnit.Framework.OneTimeTearDownAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.ClassCleanupAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.AssemblyCleanupAttribute",
        "TUnit.Core.AfterAttribute",
        "TUnit.Core.AfterEveryAttribute");

    private readonly ImmutableArray<INamedTypeSymbol> _attributes;

    private TeardownMethods(ImmutableArray<INamedTypeSymbol> attributes) => _attributes = attributes;

    public static TeardownMethods Create(Compilation compilation)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in AttributeNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return new TeardownMethods(builder.ToImmutable());
    }

    public bool IsTeardown(ISymbol? symbol)
    {
        if (symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (IsDisposeName(method))
        {
            return true;
        }

        foreach (var attribute in method.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                foreach (var known in _attributes)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, known))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsDisposeName(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
        {
            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (IsDisposeSignature(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        return method.MethodKind == MethodKind.Ordinary && !method.IsStatic && IsDisposeSignature(method);
    }

    // Dispose(), Dispose(bool disposing), DisposeAsync(), DisposeAsyncCore()
    private static bool IsDisposeSignature(IMethodSymbol method) => method.Name switch
    {
        "Dispose" => method.Parameters.Length == 0 ||
                     (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean),
        "DisposeAsync" or "DisposeAsyncCore" => method.Parameters.Length == 0,
        _ => false,
    };
}
