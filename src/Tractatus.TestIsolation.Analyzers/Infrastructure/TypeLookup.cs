using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Infrastructure;

/// <summary>
/// Finds a library type by its metadata name. <see cref="Compilation.GetTypeByMetadataName"/> gives up (null) when
/// two references define the name, which real projects meet: Hangfire.SqlServer and Hangfire.PostgreSql carry
/// internal copies of Dapper's types, so a suite that references them and Dapper would look as if Dapper were absent.
/// </summary>
internal static class TypeLookup
{
    /// <summary>The one definition the compilation's code can use, or null when there is none or several.</summary>
    public static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
    {
        if (compilation.GetTypeByMetadataName(metadataName) is { } unique)
        {
            return unique;
        }

        // Usually the library is simply not referenced: tell that from the assembly names, without loading every
        // reference's types (which listing all definitions would do).
        if (!ReferencesLibraryOf(compilation, metadataName))
        {
            return null;
        }

        INamedTypeSymbol? found = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                continue;
            }

            if (found is not null)
            {
                // Several usable definitions: the library's own assembly (Dapper for Dapper.SqlMapper) is the one meant.
                return OwnAssembly(found, metadataName) ? found : OwnAssembly(candidate, metadataName) ? candidate : null;
            }

            found = candidate;
        }

        return found;
    }

    // Dapper.SqlMapper lives in Dapper, NUnit.Framework.SetUpAttribute in nunit.framework: an assembly whose name is
    // a leading part of the type's full name, in any case.
    private static bool ReferencesLibraryOf(Compilation compilation, string metadataName)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (metadataName.StartsWith(assembly.Name + ".", System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool OwnAssembly(INamedTypeSymbol type, string metadataName) =>
        metadataName.StartsWith(type.ContainingAssembly.Name + ".", System.StringComparison.OrdinalIgnoreCase);
}
