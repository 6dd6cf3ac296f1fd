using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;
using Tractatus.TestIsolation.Analyzers.ValueFlow;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Connection strings handed to the application under test as settings rather than to a driver:
/// <c>AddInMemoryCollection</c> entries, <c>UseSetting(key, value)</c>,
/// <c>Environment.SetEnvironmentVariable(key, value)</c>, <c>NameValueCollection[key] = value</c>
/// (Quartz) and <c>configuration[key] = value</c>, when the key is a connection string's
/// (<c>ConnectionStrings:X</c>, <c>ConnectionStrings__X</c>, <c>…connectionString</c>). The key is
/// read first (a constant), symbols only for the rare entries whose key matches.
/// </summary>
internal static class SettingsConnectionStrings
{
    private const string InMemoryCollection = "AddInMemoryCollection";

    /// <summary>The value of <c>UseSetting</c>, <c>SetEnvironmentVariable</c> or a dictionary initializer's <c>{ key, value }</c> entry, when it is a connection-string setting.</summary>
    public static IOperation? ValueOf(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("UseSetting" or "SetEnvironmentVariable" or "Add") || method.Parameters.Length < 2 ||
            !IsConnectionStringKey(FlowEngine.ConstantString(LastTwo(invocation.Arguments, method.Parameters.Length, out var value))))
        {
            return null;
        }

        var isSink = method.Name switch
        {
            "SetEnvironmentVariable" => Namespaces.Is(method.ContainingType, "System", "Environment"),
            "UseSetting" => method.Parameters[method.Parameters.Length - 2].Name == "key",
            _ => invocation.Parent is IObjectOrCollectionInitializerOperation { Parent: { } collection } && ReachesInMemoryCollection(collection, cancellationToken),
        };
        return isSink ? value : null;
    }

    // The (key, value) pair of the last two parameters, by parameter rather than by position:
    // named arguments are listed in the order they are written.
    private static IOperation? LastTwo(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int parameterCount, out IOperation? value)
    {
        IOperation? key = null;
        value = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == parameterCount - 2)
            {
                key = argument.Value;
            }
            else if (argument.Parameter?.Ordinal == parameterCount - 1)
            {
                value = argument.Value;
            }
        }

        return value is null ? null : key;
    }

    /// <summary>The value of <c>new KeyValuePair&lt;string, string?&gt;(key, value)</c> given to <c>AddInMemoryCollection</c>.</summary>
    public static IOperation? ValueOf(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        IOperation? value = null;
        return creation.Type is { Name: "KeyValuePair" } type && creation.Arguments.Length == 2 &&
               IsConnectionStringKey(FlowEngine.ConstantString(LastTwo(creation.Arguments, 2, out value))) &&
               Namespaces.IsDeclaredIn(type, "System.Collections.Generic") && ReachesInMemoryCollection(creation, cancellationToken)
            ? value
            : null;
    }

    /// <summary>True when <c>target[key] = value</c> writes a connection-string setting the application reads.</summary>
    public static bool IsSettingWrite(IPropertyReferenceOperation indexer, CancellationToken cancellationToken)
    {
        if (indexer.Arguments.Length != 1 || !IsConnectionStringKey(FlowEngine.ConstantString(indexer.Arguments[0].Value)))
        {
            return false;
        }

        var type = indexer.Property.ContainingType;
        if (Namespaces.Is(type, "System.Collections.Specialized", "NameValueCollection") || Namespaces.IsDeclaredIn(type, "Microsoft.Extensions.Configuration"))
        {
            return true;
        }

        // A dictionary of settings: only when it is handed to AddInMemoryCollection.
        return indexer.Instance switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } =>
                indexer.Parent?.Parent is IObjectOrCollectionInitializerOperation { Parent: { } collection } && ReachesInMemoryCollection(collection, cancellationToken),
            ILocalReferenceOperation local => NameReachesInMemoryCollection(local.Local.Name, indexer.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>(), cancellationToken),
            IFieldReferenceOperation field => NameReachesInMemoryCollection(field.Field.Name, indexer.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>(), cancellationToken),
            _ => false,
        };
    }

    /// <summary>
    /// Database names real suites put in settings that are never connected to (a registration
    /// replaced by an in-memory store, a validator test): <c>dummy</c>, <c>fake</c>, <c>IgnoredByTests</c>, <c>unused</c>, <c>x</c>.
    /// </summary>
    public static bool IsDummyName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Equals("x", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("dummy", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("fake", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("ignored", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("unused", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("notused", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("not-used", StringComparison.OrdinalIgnoreCase) ||
               trimmed.Equals("test-not-used", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsConnectionStringKey(string? key) =>
        key is not null &&
        (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) ||
         key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
         key.EndsWith("connectionString", StringComparison.OrdinalIgnoreCase));

    // The collection (a dictionary, an array of pairs) is an argument of AddInMemoryCollection,
    // directly or through the local it initializes.
    private static bool ReachesInMemoryCollection(IOperation collection, CancellationToken cancellationToken)
    {
        var current = collection;
        for (var depth = 0; depth < 8 && current.Parent is { } parent; depth++, current = parent)
        {
            switch (parent)
            {
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.Name == InMemoryCollection;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return NameReachesInMemoryCollection(declarator.Symbol.Name, declarator.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>(), cancellationToken);
                case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                    return NameReachesInMemoryCollection(field.InitializedFields[0].Name, parent.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>(), cancellationToken);
                case IBlockOperation or IExpressionStatementOperation or IAnonymousFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    // var settings = new Dictionary<string, string?> { … }; … AddInMemoryCollection(settings): the
    // member that declares the local (or the type that declares the field) is searched for that
    // call where its text spells it, only for keys that matched.
    private static bool NameReachesInMemoryCollection(string name, SyntaxNode? scope, CancellationToken cancellationToken)
    {
        if (scope is null)
        {
            return false;
        }

        foreach (var call in NameOccurrences.Invocations(scope, InMemoryCollection, cancellationToken))
        {
            foreach (var argument in call.ArgumentList.Arguments)
            {
                // settings, settings!, this._settings
                var expression = argument.Expression is PostfixUnaryExpressionSyntax { OperatorToken.ValueText: "!" } suppressed ? suppressed.Operand : argument.Expression;
                var identifier = expression switch
                {
                    IdentifierNameSyntax plain => plain.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member => member.Name.Identifier.ValueText,
                    _ => null,
                };
                if (identifier == name)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
