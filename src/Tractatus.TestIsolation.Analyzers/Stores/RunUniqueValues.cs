using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Stores;

/// <summary>
/// Whether a string is built from a value that differs in every run — <c>Guid.NewGuid()</c>,
/// <c>Path.GetRandomFileName()</c>, <c>Path.GetTempFileName()</c>,
/// <c>Directory.CreateTempSubdirectory()</c> — directly or through locals and fields assigned once.
/// A connection string or file name built that way names a store no other run uses.
/// </summary>
internal static class RunUniqueValues
{
    private const int MaxDepth = 4;

    public static bool Contains(IOperation? value, CancellationToken cancellationToken) => Contains(value, cancellationToken, 0);

    private static bool Contains(IOperation? value, CancellationToken cancellationToken, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        foreach (var part in value.DescendantsAndSelf())
        {
            switch (part)
            {
                case IInvocationOperation invocation when IsRunUniqueCall(invocation.TargetMethod):
                    return true;
                case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    when AssignedValues.OfAnyFile(part, cancellationToken).Single is { } assigned &&
                         Contains(assigned, cancellationToken, depth + 1):
                    return true;
            }
        }

        return false;
    }

    /// <summary>True for calls that return a different value in every run.</summary>
    public static bool IsRunUniqueCall(IMethodSymbol method) => method.Name switch
    {
        "NewGuid" => Namespaces.Is(method.ContainingType, "System", "Guid"),
        "GetRandomFileName" or "GetTempFileName" => Namespaces.Is(method.ContainingType, "System.IO", "Path"),
        "CreateTempSubdirectory" => Namespaces.Is(method.ContainingType, "System.IO", "Directory"),
        _ => false,
    };
}
