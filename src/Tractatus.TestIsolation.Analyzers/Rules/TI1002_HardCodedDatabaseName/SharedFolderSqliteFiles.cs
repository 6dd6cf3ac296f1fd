using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// A SQLite file whose folder is one every run on the machine shares — <c>Path.GetTempPath()</c>,
/// <c>Environment.GetFolderPath(…)</c>, <c>AppContext.BaseDirectory</c> — and whose other path parts
/// are fixed: <c>Path.Combine(Path.GetTempPath(), "app.db")</c> is the same file for every run.
/// The value-flow engine leaves the folder unknown (<c>∎/app.db</c>); this finds which folder it is.
/// </summary>
internal static class SharedFolderSqliteFiles
{
    private const int MaxDepth = 3;

    private static readonly char[] Separators = { '/', '\\' };

    /// <summary>
    /// The file name of <paramref name="file"/> (as the engine read it, folder unknown) when the
    /// folder is a machine-wide one and every other part is fixed.
    /// </summary>
    public static bool TryGetFileName(string file, IOperation value, CancellationToken cancellationToken, out string fileName)
    {
        fileName = string.Empty;
        // Only the root may be unknown, and only as a plain unknown: a per-run or configured part
        // is decided elsewhere. "∎/app.db" and "∎\\data\\app.db" qualify.
        if (file.Length < 3 || file[0] != FlowText.Hole || file[1] is not ('/' or '\\') || FlowText.HasHole(file.Substring(1)))
        {
            return false;
        }

        var separator = file.LastIndexOfAny(Separators);
        fileName = file.Substring(separator + 1);
        return fileName.Length > 0 && ReachesSharedRoot(value, cancellationToken, 0);
    }

    // Path.Combine/Join whose first part is a machine-wide folder, in the value or in what its
    // locals, fields and properties were assigned.
    private static bool ReachesSharedRoot(IOperation? value, CancellationToken cancellationToken, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        foreach (var part in value.DescendantsAndSelf())
        {
            switch (part)
            {
                case IInvocationOperation { TargetMethod.Name: "Combine" or "Join", Arguments.Length: > 0 } invocation
                    when Namespaces.Is(invocation.TargetMethod.ContainingType, "System.IO", "Path"):
                    if (IsSharedRoot(FirstPart(invocation), cancellationToken, depth))
                    {
                        return true;
                    }

                    break;
                case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    when AssignedValues.OfAnyFile(part, cancellationToken).Single is { } assigned &&
                         ReachesSharedRoot(assigned, cancellationToken, depth + 1):
                    return true;
            }
        }

        return false;
    }

    // Path.Combine(a, b) or Path.Combine(params string[] { a, b }).
    private static IOperation? FirstPart(IInvocationOperation invocation)
    {
        var first = invocation.Arguments[0].Value;
        return first is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements } ? elements[0] : first;
    }

    private static bool IsSharedRoot(IOperation? root, CancellationToken cancellationToken, int depth)
    {
        var unwrapped = FlowEngine.Unwrap(root);
        switch (unwrapped)
        {
            case IInvocationOperation { TargetMethod: var method }:
                return (method.Name == "GetTempPath" && Namespaces.Is(method.ContainingType, "System.IO", "Path")) ||
                       (method.Name == "GetFolderPath" && Namespaces.Is(method.ContainingType, "System", "Environment"));
            case IPropertyReferenceOperation { Property: { Name: "BaseDirectory" } property }:
                return Namespaces.Is(property.ContainingType, "System", "AppContext") || Namespaces.Is(property.ContainingType, "System", "AppDomain");
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when depth < MaxDepth:
                return IsSharedRoot(AssignedValues.OfAnyFile(unwrapped, cancellationToken).Single, cancellationToken, depth + 1);
            default:
                return false;
        }
    }
}
