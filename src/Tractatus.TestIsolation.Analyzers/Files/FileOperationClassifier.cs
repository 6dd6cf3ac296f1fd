using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// Decides whether an invocation or object creation reads or writes a file by path. Calls whose
/// mode or access is not a compile-time constant are left alone: the rules would only be guessing.
/// </summary>
internal sealed class FileOperationClassifier
{
    // System.IO.FileMode / FileAccess / FileShare values (stable since .NET Framework 1.0).
    private const int ModeOpen = 3;
    private const int AccessRead = 1;
    private const int AccessWrite = 2;
    private const int ShareNone = 0;

    private readonly FileApiSymbols _symbols;

    public FileOperationClassifier(FileApiSymbols symbols) => _symbols = symbols;

    /// <summary>The file operation the call performs, or <c>null</c> when it is not one (or is unclear).</summary>
    public FileOperation? Classify(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => ClassifyInvocation(invocation),
        IObjectCreationOperation creation => ClassifyCreation(creation),
        _ => null,
    };

    /// <summary>True when the operation opens a file with an explicit <c>FileShare.None</c> (a cross-process lock).</summary>
    public bool IsExclusiveOpen(IOperation operation) => Classify(operation) is { TakesExclusiveLock: true };

    private FileOperation? ClassifyInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.File))
        {
            return null;
        }

        var path = ArgumentAt(invocation.Arguments, 0);
        if (path is null)
        {
            return null;
        }

        var apiName = "File." + method.Name;
        if (_symbols.FileMethods.TryGetValue(method.OriginalDefinition, out var kind))
        {
            return new FileOperation(invocation, kind, path, apiName, takesExclusiveLock: false);
        }

        return _symbols.FileOpen.Contains(method.OriginalDefinition)
            ? FromModeAccessShare(invocation, invocation.Arguments, path, apiName)
            : null;
    }

    private FileOperation? ClassifyCreation(IObjectCreationOperation creation)
    {
        var constructor = creation.Constructor;
        if (constructor is null)
        {
            return null;
        }

        if (_symbols.IsStreamWriterPathConstructor(constructor))
        {
            var path = ArgumentAt(creation.Arguments, 0);
            return path is null ? null : new FileOperation(creation, FileOperationKind.Write, path, "new StreamWriter", takesExclusiveLock: false);
        }

        if (_symbols.IsStreamReaderPathConstructor(constructor))
        {
            var path = ArgumentAt(creation.Arguments, 0);
            return path is null ? null : new FileOperation(creation, FileOperationKind.Read, path, "new StreamReader", takesExclusiveLock: false);
        }

        if (_symbols.IsFileStreamPathConstructor(constructor))
        {
            var path = ArgumentAt(creation.Arguments, 0);
            return path is null ? null : FromModeAccessShare(creation, creation.Arguments, path, "new FileStream");
        }

        return null;
    }

    private FileOperation? FromModeAccessShare(IOperation operation, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IOperation path, string apiName)
    {
        int? mode = null, access = null, share = null;
        bool hasAccess = false, hasShare = false;
        foreach (var argument in arguments)
        {
            var type = argument.Parameter?.Type;
            if (type is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.FileMode))
            {
                mode = ConstantInt(argument.Value);
            }
            else if (SymbolEqualityComparer.Default.Equals(type, _symbols.FileAccess))
            {
                hasAccess = true;
                access = ConstantInt(argument.Value);
            }
            else if (SymbolEqualityComparer.Default.Equals(type, _symbols.FileShare))
            {
                hasShare = true;
                share = ConstantInt(argument.Value);
            }
        }

        if (mode is null || (hasAccess && access is null))
        {
            return null;
        }

        // Only an explicit FileShare.None says "keep everyone else out"; File.Open's implicit None is
        // an implementation detail that code does not rely on as a lock.
        var exclusive = hasShare && share == ShareNone;
        bool writes, reads;
        if (hasAccess)
        {
            writes = (access!.Value & AccessWrite) != 0;
            reads = access.Value == AccessRead;
        }
        else
        {
            // Without an access argument the stream is read/write; count it as a write only when the
            // mode creates, truncates or appends, and as a read when it plainly opens an existing file.
            writes = mode.Value != ModeOpen;
            reads = mode.Value == ModeOpen;
        }

        if (writes)
        {
            return new FileOperation(operation, FileOperationKind.Write, path, apiName, exclusive);
        }

        return reads ? new FileOperation(operation, FileOperationKind.Read, path, apiName, exclusive) : null;
    }

    private static IOperation? ArgumentAt(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static int? ConstantInt(IOperation value)
    {
        var constant = value.ConstantValue;
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        return constant.Value switch
        {
            int i => i,
            byte b => b,
            short s => s,
            long l => (int)l,
            _ => null,
        };
    }
}
