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

    private static bool OwnAssembly(INamedTypeSymbol type, string metadataName) =>
        metadataName.StartsWith(type.ContainingAssembly.Name + ".", System.StringComparison.Ordinal);
}
