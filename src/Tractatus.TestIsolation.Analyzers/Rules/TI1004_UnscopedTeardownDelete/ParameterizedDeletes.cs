using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.Stores;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// <c>DELETE FROM t WHERE slug = @slug</c> run with Dapper's parameter object
/// <c>new { slug = "getting-started" }</c>, or on an ADO.NET command whose
/// <c>Parameters.AddWithValue("slug", "getting-started")</c> follows in the same method: the
/// placeholder compared with an identifier column gets a fixed value, so the delete matches other
/// runs' rows just like a literal would.
/// </summary>
internal static class ParameterizedDeletes
{
    // column = @name / :name / $name (the same placeholder forms SqlText recognises).
    private static readonly Regex ComparedPlaceholder = new(
        @"(?<column>[\w.""\[\]`]+)\s*=\s*(?<![:@$\w])[@:$](?<name>[A-Za-z_]\w*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Where = new(@"\bWHERE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// The fixed identifier a parameter of the statement's WHERE clause receives, if any: from the
    /// sink's Dapper parameter object, else from <c>AddWithValue</c> calls on the command the sink
    /// creates or sets the text of. <paramref name="fixedText"/> is the caller's value tracer.
    /// </summary>
    public static (string Column, string Value)? FixedParameter(
        string statement,
        SqlSink sink,
        IOperation sinkOperation,
        StoreSymbols symbols,
        NameSet names,
        System.Func<IOperation, string?> fixedText,
        CancellationToken cancellationToken)
    {
        var where = Where.Match(statement);
        if (!where.Success)
        {
            return null;
        }

        var values = new List<(string Name, string Value)>();
        if (sink.Parameters is not null)
        {
            foreach (var found in IdentifierFinder.InData(sink.Parameters, symbols, names, cancellationToken))
            {
                values.Add((found.Key, found.Value.Value));
            }

            // new { name = "x" } for "WHERE user_name = @name": the column, not the member, says it is an identifier.
            if (Tractatus.TestIsolation.Analyzers.ValueFlow.FlowEngine.Unwrap(sink.Parameters) is IAnonymousObjectCreationOperation anonymous)
            {
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation member } assignment &&
                        fixedText(assignment.Value) is { } value)
                    {
                        values.Add((member.Property.Name, value));
                    }
                }
            }
        }
        else if (CommandLocal(sinkOperation) is { } command)
        {
            AddCommandParameters(command, sinkOperation, symbols, fixedText, values);
        }

        if (values.Count == 0)
        {
            return null;
        }

        foreach (Match comparison in ComparedPlaceholder.Matches(statement, where.Index))
        {
            var column = Column(comparison.Groups["column"].Value);
            if (!names.Contains(column))
            {
                continue;
            }

            var placeholder = NameSet.Normalize(comparison.Groups["name"].Value);
            foreach (var (name, value) in values)
            {
                if (NameSet.Normalize(name) == placeholder)
                {
                    return (column, value);
                }
            }
        }

        return null;
    }

    // using var command = new NpgsqlCommand(sql, c);  /  command.CommandText = sql;
    private static ILocalSymbol? CommandLocal(IOperation sinkOperation)
    {
        if (sinkOperation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation assigned } })
        {
            return assigned.Local;
        }

        var parent = sinkOperation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    private static void AddCommandParameters(
        ILocalSymbol command,
        IOperation sinkOperation,
        StoreSymbols symbols,
        System.Func<IOperation, string?> fixedText,
        List<(string Name, string Value)> values)
    {
        var root = sinkOperation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation { Instance: IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } } invocation &&
                SymbolEqualityComparer.Default.Equals(owner.Local, command) &&
                CommandParameters.TryGetNamedValue(invocation, symbols, out var name, out var value, out _) &&
                fixedText(value) is { } text)
            {
                values.Add((name, text));
            }
        }
    }

    // "schema"."table"."slug" → slug
    private static string Column(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return (dot < 0 ? qualified : qualified.Substring(dot + 1)).Trim('"', '[', ']', '`');
    }
}
