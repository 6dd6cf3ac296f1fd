using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// A cheap structural reachability check between two operations of one body, enough to tell a
/// read → write sequence from a read and a write that never run in one pass: the two branches of
/// one <c>if</c> or <c>switch</c>, or a read whose branch returns or throws before the write.
/// </summary>
internal static class FlowShape
{
    /// <summary>False when the write cannot run after the read in the same pass through the body.</summary>
    public static bool CanReach(IOperation read, IOperation write)
    {
        var writeChain = new HashSet<IOperation>();
        for (var node = write; node is not null; node = node.Parent)
        {
            writeChain.Add(node);
        }

        // Walk up from the read to the lowest common ancestor, looking for an exit on the way.
        IOperation readChild = read;
        var ancestor = read;
        while (!writeChain.Contains(ancestor))
        {
            if (IsExit(ancestor))
            {
                return false;
            }

            if (ancestor.Parent is null)
            {
                return true;
            }

            // Statements after the read's branch, still below the common ancestor, run only in that branch.
            if (!writeChain.Contains(ancestor.Parent) && ExitsAfter(ancestor.Parent, ancestor))
            {
                return false;
            }

            readChild = ancestor;
            ancestor = ancestor.Parent;
        }

        if (ReferenceEquals(ancestor, write))
        {
            // The read is an argument of the write.
            return true;
        }

        var writeChild = write;
        while (writeChild.Parent is not null && !ReferenceEquals(writeChild.Parent, ancestor))
        {
            writeChild = writeChild.Parent;
        }

        return ancestor switch
        {
            IConditionalOperation conditional =>
                ReferenceEquals(readChild, conditional.Condition) || ReferenceEquals(readChild, writeChild),
            // Different cases of one switch never run in one pass (fall-through does not exist in C#).
            ISwitchOperation => ReferenceEquals(readChild, writeChild),
            // try { read } catch { reset the file }: the write replaces content the read failed on, it does not build on it.
            ITryOperation attempt => !(ReferenceEquals(readChild, attempt.Body) && writeChild is ICatchClauseOperation),
            _ => true,
        };
    }

    private static bool IsExit(IOperation operation) =>
        operation.Kind is OperationKind.Return or OperationKind.YieldBreak or OperationKind.Throw;

    private static bool ExitsAfter(IOperation parent, IOperation child)
    {
        var statements = parent switch
        {
            IBlockOperation block => block.Operations,
            ISwitchCaseOperation switchCase => switchCase.Body,
            _ => ImmutableArray<IOperation>.Empty,
        };

        var index = statements.IndexOf(child);
        if (index < 0)
        {
            return false;
        }

        for (var i = index + 1; i < statements.Length; i++)
        {
            var statement = statements[i];
            if (IsExit(statement) || statement is IExpressionStatementOperation { Operation: IThrowOperation })
            {
                return true;
            }
        }

        return false;
    }
}
