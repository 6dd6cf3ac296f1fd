using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Files;

/// <summary>
/// Finds the locks held where an operation runs, by looking outwards from it inside its method:
/// enclosing <c>using</c> and <c>lock</c> statements, <c>using</c> declarations and lock calls
/// (<c>mutex.WaitOne()</c>, <c>Monitor.Enter</c>, <c>semaphore.Wait()</c>) earlier in an enclosing
/// block and not released since, and the lambda passed to <c>SharedStateFile</c>.
/// </summary>
internal sealed class LockScopeFinder
{
    private const string LockStatement = "the lock statement";

    private readonly FileApiSymbols _symbols;
    private readonly FileOperationClassifier _classifier;

    public LockScopeFinder(FileApiSymbols symbols, FileOperationClassifier classifier)
    {
        _symbols = symbols;
        _classifier = classifier;
    }

    /// <summary>True when a cross-process lock is held where the operation runs.</summary>
    public bool IsCrossProcessLocked(IOperation operation)
    {
        foreach (var held in LocksHeldAt(operation))
        {
            if (held.CrossProcess)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every lock held where the operation runs, innermost first.</summary>
    public List<HeldLock> LocksHeldAt(IOperation operation)
    {
        var held = new List<HeldLock>();
        var node = operation;
        while (node.Parent is { } parent)
        {
            switch (parent)
            {
                case IUsingOperation usingStatement when !ReferenceEquals(node, usingStatement.Resources):
                    if (IsCrossProcessResource(usingStatement.Resources))
                    {
                        held.Add(new HeldLock(usingStatement.Syntax.Span, crossProcess: true, "using"));
                    }

                    break;
                case IConditionalOperation conditional when ReferenceEquals(node, conditional.WhenTrue):
                    // if (mutex.WaitOne(0)) { ... }: the lock is held in the branch that got it.
                    foreach (var acquisition in Acquisitions(conditional))
                    {
                        held.Add(acquisition.Lock);
                    }

                    break;
                case ILockOperation lockStatement when ReferenceEquals(node, lockStatement.Body):
                    held.Add(new HeldLock(lockStatement.Syntax.Span, crossProcess: false, LockStatement));
                    break;
                case IBlockOperation block:
                    AddFromPrecedingStatements(block.Operations, node, held);
                    break;
                case ISwitchCaseOperation switchCase:
                    AddFromPrecedingStatements(switchCase.Body, node, held);
                    break;
                case IArgumentOperation { Parent: IInvocationOperation call } when IsSharedStateFileCall(call):
                    // SharedStateFile.Update(path, state => ...) runs the lambda under its own file lock.
                    held.Add(new HeldLock(call.Syntax.Span, crossProcess: true, "SharedStateFile"));
                    break;
            }

            node = parent;
        }

        return held;
    }

    private void AddFromPrecedingStatements(ImmutableArray<IOperation> statements, IOperation child, List<HeldLock> held)
    {
        var index = statements.IndexOf(child);
        HashSet<string>? released = null;
        for (var i = index - 1; i >= 0; i--)
        {
            var statement = statements[i];
            if (ReleasedKey(statement) is { } releasedKey)
            {
                (released ??= new HashSet<string>(StringComparer.Ordinal)).Add(releasedKey);
                continue;
            }

            if (statement is IUsingDeclarationOperation usingDeclaration)
            {
                if (IsCrossProcessResource(usingDeclaration.DeclarationGroup))
                {
                    held.Add(new HeldLock(usingDeclaration.Syntax.Span, crossProcess: true, "using"));
                }

                continue;
            }

            foreach (var acquisition in Acquisitions(statement))
            {
                if (released is null || !released.Contains(acquisition.Key))
                {
                    held.Add(acquisition.Lock);
                }
            }
        }
    }

    private IEnumerable<(string Key, HeldLock Lock)> Acquisitions(IOperation statement)
    {
        string? declaredLocal = null;
        IOperation? head;
        switch (statement)
        {
            case IExpressionStatementOperation expression:
                head = expression.Operation;
                break;
            case IVariableDeclarationGroupOperation group:
                head = group;
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        declaredLocal = "L:" + declarator.Symbol.Name;
                    }
                }

                break;
            case IConditionalOperation conditional:
                // if (!mutex.WaitOne(timeout)) throw ...;
                head = conditional.Condition;
                break;
            case IWhileLoopOperation loop:
                // while (!mutex.WaitOne(100)) { report waiting }
                head = loop.Condition;
                break;
            default:
                yield break;
        }

        foreach (var operation in WithoutLambdas(head))
        {
            var span = statement.Syntax.Span;
            if (operation is IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (method.Name == "WaitOne" && IsCrossProcessWaitHandle(invocation.Instance?.Type))
                {
                    yield return (ReceiverKey(invocation.Instance), new HeldLock(span, crossProcess: true, "Mutex"));
                }
                else if (method.IsStatic && method.Name is "Enter" or "TryEnter" && IsType(method.ContainingType, _symbols.Monitor))
                {
                    yield return (ReceiverKey(invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null), new HeldLock(span, crossProcess: false, "Monitor"));
                }
                else if (method.Name is "Wait" or "WaitAsync" && IsType(method.ContainingType, _symbols.SemaphoreSlim))
                {
                    yield return (ReceiverKey(invocation.Instance), new HeldLock(span, crossProcess: false, "SemaphoreSlim"));
                }
            }

            if (declaredLocal is not null && operation is IInvocationOperation or IObjectCreationOperation or IAwaitOperation && IsCrossProcessValue(operation))
            {
                // var handle = distributedLock.Acquire(); ... handle.Dispose();  (no using)
                yield return (declaredLocal, new HeldLock(span, crossProcess: true, "lock handle"));
            }
        }
    }

    private string? ReleasedKey(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: var expression })
        {
            return null;
        }

        if (expression is IAwaitOperation awaited)
        {
            expression = awaited.Operation;
        }

        if (expression is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        return method.Name switch
        {
            "ReleaseMutex" or "Release" or "Dispose" or "DisposeAsync" or "Close" => ReceiverKey(invocation.Instance),
            "Exit" when IsType(method.ContainingType, _symbols.Monitor) && invocation.Arguments.Length > 0 => ReceiverKey(invocation.Arguments[0].Value),
            _ => null,
        };
    }

    private bool IsCrossProcessResource(IOperation? resources)
    {
        switch (resources)
        {
            case null:
                return false;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (IsCrossProcessValue(declarator.Initializer?.Value) || IsCrossProcessValue(declaration.Initializer?.Value))
                        {
                            return true;
                        }
                    }
                }

                return false;
            default:
                return IsCrossProcessValue(resources);
        }
    }

    private bool IsCrossProcessValue(IOperation? value)
    {
        while (value is not null)
        {
            if (FileApiSymbols.IsOrInherits(value.Type, _symbols.DistributedLockHandle))
            {
                return true;
            }

            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    continue;
                case IInvocationOperation invocation when IsSharedStateFileCall(invocation):
                    return true;
            }

            if (_classifier.IsExclusiveOpen(value))
            {
                return true;
            }

            return IsLockHelper(value);
        }

        return false;
    }

    /// <summary>
    /// A project's own lock helper: <c>using (AcquireStateLock())</c>, <c>using (new FileLock(path))</c>.
    /// What it locks cannot be seen here; the rules assume it protects the file rather than warn
    /// about code whose author visibly took a lock.
    /// </summary>
    private bool IsLockHelper(IOperation value)
    {
        string? name = value switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IObjectCreationOperation creation => creation.Type?.Name,
            _ => null,
        };
        // Creating a Mutex, a ReaderWriterLockSlim or a stream acquires nothing; only project code is guessed at.
        if (name is null || !IsDisposable(value.Type) || IsFrameworkType(DeclaringType(value)))
        {
            return false;
        }

        return name.IndexOf("Lock", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Mutex", StringComparison.OrdinalIgnoreCase) >= 0
            || value.Type!.Name.IndexOf("Lock", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The type whose code takes the lock: the called method's type, or the created type.</summary>
    private static ITypeSymbol? DeclaringType(IOperation value) =>
        value is IInvocationOperation invocation ? invocation.TargetMethod.ContainingType : value.Type;

    private static bool IsFrameworkType(ITypeSymbol? type)
    {
        var root = type?.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        return root is not null && root.Name is "System" or "Microsoft";
    }

    private static bool IsDisposable(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_IDisposable || type.Name == "IAsyncDisposable")
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_IDisposable || implemented.Name == "IAsyncDisposable")
            {
                return true;
            }
        }

        return false;
    }

    private bool IsCrossProcessWaitHandle(ITypeSymbol? type) =>
        FileApiSymbols.IsOrInherits(type, _symbols.Mutex) || FileApiSymbols.IsOrInherits(type, _symbols.Semaphore);

    private bool IsSharedStateFileCall(IInvocationOperation invocation) =>
        _symbols.IsSharedStateFile(invocation.TargetMethod.ContainingType);

    private static bool IsType(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    private static string ReceiverKey(IOperation? receiver)
    {
        while (receiver is IConversionOperation conversion)
        {
            receiver = conversion.Operand;
        }

        return receiver switch
        {
            null => string.Empty,
            ILocalReferenceOperation local => "L:" + local.Local.Name,
            IFieldReferenceOperation field => "F:" + field.Field.Name,
            IParameterReferenceOperation parameter => "P:" + parameter.Parameter.Name,
            IPropertyReferenceOperation property => "R:" + property.Property.Name,
            _ => receiver.Syntax.ToString(),
        };
    }

    private static IEnumerable<IOperation> WithoutLambdas(IOperation? root)
    {
        if (root is null)
        {
            yield break;
        }

        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is not IAnonymousFunctionOperation and not ILocalFunctionOperation)
                {
                    stack.Push(child);
                }
            }
        }
    }
}
