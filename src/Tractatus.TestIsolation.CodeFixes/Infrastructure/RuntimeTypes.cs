using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.CodeFixes.Infrastructure;

/// <summary>
/// The runtime API the fixes rewrite code to, resolved by metadata name in the compilation being
/// fixed. A member is <c>null</c> when the project does not reference that library; fixes that
/// need it then offer nothing (or a fallback), because code calling a missing type would not build.
/// </summary>
internal sealed class RuntimeTypes
{
    private RuntimeTypes(Compilation compilation)
    {
        TestSession = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.TestSession");
        SharedStateFile = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.SharedStateFile");
        DatabaseNameRules = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.DatabaseNameRules");
        // Every framework adapter's fixture derives from the core's; older runtimes had only the xUnit one.
        SessionIsolatedFixture = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.Run.SessionDatabaseFixture")
            ?? compilation.GetTypeByMetadataName("Tractatus.TestIsolation.Xunit.SessionIsolatedFixture");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
    }

    public INamedTypeSymbol? TestSession { get; }

    public INamedTypeSymbol? SharedStateFile { get; }

    public INamedTypeSymbol? DatabaseNameRules { get; }

    public INamedTypeSymbol? SessionIsolatedFixture { get; }

    public INamedTypeSymbol? Guid { get; }

    public static RuntimeTypes From(Compilation compilation) => new(compilation);

    /// <summary>True when <paramref name="type"/> is or derives from <see cref="SessionIsolatedFixture"/>.</summary>
    public bool IsFixture(ITypeSymbol? type)
    {
        if (SessionIsolatedFixture is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, SessionIsolatedFixture))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type has a member with that name (a runtime older than the fixes may lack it).</summary>
    public static bool HasMember(INamedTypeSymbol? type, string name) => type is not null && !type.GetMembers(name).IsEmpty;
}
