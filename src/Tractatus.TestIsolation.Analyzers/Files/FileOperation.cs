using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>Whether a file API call reads the file's content or replaces/extends it.</summary>
internal enum FileOperationKind
{
    Read,
    Write,
}

/// <summary>One call or construction that reads or writes a file by path.</summary>
internal sealed class FileOperation
{
    public FileOperation(IOperation operation, FileOperationKind kind, IOperation path, string apiName, bool takesExclusiveLock)
    {
        Operation = operation;
        Kind = kind;
        Path = path;
        ApiName = apiName;
        TakesExclusiveLock = takesExclusiveLock;
    }

    /// <summary>The invocation or object creation.</summary>
    public IOperation Operation { get; }

    public FileOperationKind Kind { get; }

    /// <summary>The path argument's value.</summary>
    public IOperation Path { get; }

    /// <summary>How the API is written in messages: <c>File.WriteAllText</c>, <c>new StreamWriter</c>.</summary>
    public string ApiName { get; }

    /// <summary>
    /// True when the code opens the file with an explicit <c>FileShare.None</c>: the OS then keeps every
    /// other process out while the stream is open, which is a cross-process lock, not an unlocked write.
    /// </summary>
    public bool TakesExclusiveLock { get; }
}
