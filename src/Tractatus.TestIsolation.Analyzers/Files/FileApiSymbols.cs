using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// The file, path and lock APIs the shared-state rules recognise, resolved once per compilation by
/// metadata name. Calls are later matched against these symbols, never against name text, so a
/// user type that happens to be called <c>File</c> is not mistaken for <c>System.IO.File</c>.
/// </summary>
internal sealed class FileApiSymbols
{
    private static readonly string[] FileWriteMethods =
    {
        "WriteAllText", "WriteAllTextAsync", "WriteAllLines", "WriteAllLinesAsync", "WriteAllBytes", "WriteAllBytesAsync",
        "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendAllBytes", "AppendAllBytesAsync",
        "AppendText", "CreateText", "Create", "OpenWrite",
    };

    private static readonly string[] FileReadMethods =
    {
        "ReadAllText", "ReadAllTextAsync", "ReadAllLines", "ReadAllLinesAsync", "ReadAllBytes", "ReadAllBytesAsync",
        "ReadLines", "ReadLinesAsync", "OpenRead", "OpenText",
    };

    private FileApiSymbols(Compilation compilation, INamedTypeSymbol file)
    {
        File = file;
        FileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
        StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
        StreamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
        FileMode = compilation.GetTypeByMetadataName("System.IO.FileMode");
        FileAccess = compilation.GetTypeByMetadataName("System.IO.FileAccess");
        FileShare = compilation.GetTypeByMetadataName("System.IO.FileShare");
        Path = compilation.GetTypeByMetadataName("System.IO.Path");
        Mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex");
        Semaphore = compilation.GetTypeByMetadataName("System.Threading.Semaphore");
        WaitHandle = compilation.GetTypeByMetadataName("System.Threading.WaitHandle");
        SemaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
        Monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
        SharedStateFile = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.SharedStateFile")
            ?? compilation.GetTypeByMetadataName("Tractatus.TestIsolation.SharedState.SharedStateFile");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        Directory = compilation.GetTypeByMetadataName("System.IO.Directory");
        Environment = compilation.GetTypeByMetadataName("System.Environment");
        TestSession = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.TestSession");
        SessionStateDirectory = compilation.GetTypeByMetadataName("Tractatus.TestIsolation.SessionStateDirectory");
        DistributedLockHandle = compilation.GetTypeByMetadataName("Medallion.Threading.IDistributedSynchronizationHandle");

        FileMethods = new Dictionary<IMethodSymbol, FileOperationKind>(SymbolEqualityComparer.Default);
        AddFileMethods(FileWriteMethods, FileOperationKind.Write);
        AddFileMethods(FileReadMethods, FileOperationKind.Read);
        FileOpen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var open in file.GetMembers("Open"))
        {
            if (open is IMethodSymbol method && TakesPathThen(method, FileMode))
            {
                FileOpen.Add(method);
            }
        }
    }

    public INamedTypeSymbol File { get; }

    public INamedTypeSymbol? FileStream { get; }

    public INamedTypeSymbol? StreamWriter { get; }

    public INamedTypeSymbol? StreamReader { get; }

    public INamedTypeSymbol? FileMode { get; }

    public INamedTypeSymbol? FileAccess { get; }

    public INamedTypeSymbol? FileShare { get; }

    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? Mutex { get; }

    public INamedTypeSymbol? Semaphore { get; }

    public INamedTypeSymbol? WaitHandle { get; }

    public INamedTypeSymbol? SemaphoreSlim { get; }

    public INamedTypeSymbol? Monitor { get; }

    /// <summary>
    /// The runtime's locked writer (<c>Tractatus.TestIsolation.SharedState.SharedStateFile</c>, or the
    /// same class directly in <c>Tractatus.TestIsolation</c>); absent when the project does not reference it.
    /// </summary>
    public INamedTypeSymbol? SharedStateFile { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? Directory { get; }

    public INamedTypeSymbol? Environment { get; }

    /// <summary>The runtime's session; any value taken from it is unique to one test run.</summary>
    public INamedTypeSymbol? TestSession { get; }

    /// <summary>The runtime's per-session state folder; files under it belong to one session.</summary>
    public INamedTypeSymbol? SessionStateDirectory { get; }

    /// <summary>The DistributedLock (Medallion) handle type; absent unless that package is referenced.</summary>
    public INamedTypeSymbol? DistributedLockHandle { get; }

    /// <summary><c>File.*</c> methods that read or write a whole file by path.</summary>
    public Dictionary<IMethodSymbol, FileOperationKind> FileMethods { get; }

    /// <summary><c>File.Open(path, FileMode, ...)</c> overloads; whether they read or write depends on the arguments.</summary>
    public HashSet<IMethodSymbol> FileOpen { get; }

    /// <summary>Resolves the symbols, or returns <c>null</c> when the compilation has no <c>System.IO.File</c>.</summary>
    public static FileApiSymbols? Create(Compilation compilation)
    {
        var file = compilation.GetTypeByMetadataName("System.IO.File");
        return file is null ? null : new FileApiSymbols(compilation, file);
    }

    /// <summary>True for a constructor <c>FileStream(string path, FileMode mode, ...)</c>.</summary>
    public bool IsFileStreamPathConstructor(IMethodSymbol constructor) =>
        FileStream is not null
        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, FileStream)
        && TakesPathThen(constructor, FileMode);

    /// <summary>True for a <c>StreamWriter</c> constructor whose first parameter is the file path.</summary>
    public bool IsStreamWriterPathConstructor(IMethodSymbol constructor) =>
        IsPathConstructorOf(constructor, StreamWriter);

    /// <summary>True for a <c>StreamReader</c> constructor whose first parameter is the file path.</summary>
    public bool IsStreamReaderPathConstructor(IMethodSymbol constructor) =>
        IsPathConstructorOf(constructor, StreamReader);

    /// <summary>
    /// True for a call or property whose value differs in every run (a new Guid, a random or temp
    /// file name, the process id, anything from the session): a path built from it is not shared.
    /// </summary>
    public bool IsRunUnique(IOperation operation)
    {
        ISymbol? member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        var type = member?.ContainingType?.OriginalDefinition;
        if (member is null || type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, TestSession) || SymbolEqualityComparer.Default.Equals(type, SessionStateDirectory))
        {
            return true;
        }

        return member.Name switch
        {
            "NewGuid" => SymbolEqualityComparer.Default.Equals(type, Guid),
            "GetRandomFileName" or "GetTempFileName" => SymbolEqualityComparer.Default.Equals(type, Path),
            "CreateTempSubdirectory" => SymbolEqualityComparer.Default.Equals(type, Directory),
            "ProcessId" => SymbolEqualityComparer.Default.Equals(type, Environment),
            _ => false,
        };
    }

    /// <summary>True when the type is <see cref="SharedStateFile"/>.</summary>
    public bool IsSharedStateFile(INamedTypeSymbol? type) =>
        SharedStateFile is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, SharedStateFile);

    /// <summary>True when the symbol is <see cref="SharedStateFile"/>, a member of it, or nested in it.</summary>
    public bool IsInsideSharedStateFile(ISymbol? symbol)
    {
        if (SharedStateFile is null)
        {
            return false;
        }

        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (IsSharedStateFile(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type is, derives from or implements <paramref name="baseType"/>.</summary>
    public static bool IsOrInherits(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (type is null || baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        if (baseType.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, baseType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsPathConstructorOf(IMethodSymbol constructor, INamedTypeSymbol? type) =>
        type is not null
        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, type)
        && constructor.Parameters.Length > 0
        && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    private static bool TakesPathThen(IMethodSymbol method, INamedTypeSymbol? second) =>
        second is not null
        && method.Parameters.Length >= 2
        && method.Parameters[0].Type.SpecialType == SpecialType.System_String
        && SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, second);

    private void AddFileMethods(string[] names, FileOperationKind kind)
    {
        foreach (var name in names)
        {
            foreach (var member in File.GetMembers(name))
            {
                // Every overload that takes the path first; the Stream/handle overloads do not exist on File.
                if (member is IMethodSymbol { IsStatic: true } method
                    && method.Parameters.Length > 0
                    && method.Parameters[0].Type.SpecialType == SpecialType.System_String)
                {
                    FileMethods[method] = kind;
                }
            }
        }
    }
}
