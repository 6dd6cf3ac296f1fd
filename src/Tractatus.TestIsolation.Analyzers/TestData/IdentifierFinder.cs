using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.TestData;

/// <summary>
/// Finds fixed values under identifier-like keys in data written to a store (object and
/// collection initializers, constructor arguments, anonymous objects, dictionaries, BsonDocument)
/// and in filters (<c>Builders&lt;T&gt;.Filter.Eq</c>, predicate lambdas, BsonDocument and JSON
/// filters), following locals and fields assigned once.
/// </summary>
internal sealed class IdentifierFinder
{
    private const int MaxDepth = 6;

    private static readonly Regex JsonPair = new(
        @"[""']?(?<key>[A-Za-z_$][\w.$]*)[""']?\s*:\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)')",
        RegexOptions.CultureInvariant);

    private readonly StoreSymbols _symbols;
    private readonly NameSet _names;
    private readonly CancellationToken _cancellationToken;
    private readonly ImmutableArray<IdentifierValue>.Builder _found = ImmutableArray.CreateBuilder<IdentifierValue>();
    private readonly HashSet<ISymbol> _visited = new(SymbolEqualityComparer.Default);

    private IdentifierFinder(StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _names = names;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Identifier values in data that is written (a document, entity, list of them, parameter object).</summary>
    public static ImmutableArray<IdentifierValue> InData(IOperation? data, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        finder.WalkData(data, 0);
        return finder._found.ToImmutable();
    }

    /// <summary>Identifier values a filter matches on.</summary>
    public static ImmutableArray<IdentifierValue> InFilter(IOperation? filter, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        finder.WalkFilter(filter, 0);
        return finder._found.ToImmutable();
    }

    /// <summary>Identifier values in the models of a <c>BulkWrite</c> (inserted documents and model filters).</summary>
    public static ImmutableArray<IdentifierValue> InWriteModels(IOperation? models, StoreSymbols symbols, NameSet names, CancellationToken cancellationToken)
    {
        var finder = new IdentifierFinder(symbols, names, cancellationToken);
        foreach (var model in finder.Elements(models, 0))
        {
            if (ValueTracer.Unwrap(model) is IObjectCreationOperation creation &&
                StoreSymbols.IsOrDerivesFrom(creation.Type, symbols.WriteModel))
            {
                foreach (var argument in creation.Arguments)
                {
                    switch (MongoArguments.Classify(argument, symbols))
                    {
                        case MongoArgumentKind.Data:
                            finder.WalkData(argument.Value, 1);
                            break;
                        case MongoArgumentKind.Filter:
                            finder.WalkFilter(argument.Value, 1);
                            break;
                    }
                }
            }
        }

        return finder._found.ToImmutable();
    }

    private void WalkData(IOperation? operation, int depth)
    {
        operation = ValueTracer.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IObjectCreationOperation creation:
                WalkCreation(creation, depth);
                break;

            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                    {
                        CheckKeyValue(property.Property.Name, assignment.Value, depth);
                    }
                }

                break;

            case IArrayCreationOperation array when array.Initializer is not null:
                foreach (var element in array.Initializer.ElementValues)
                {
                    WalkData(element, depth + 1);
                }

                break;

            case IInvocationOperation invocation when IsKeyValueAdd(invocation) && _symbols.IsBsonDocument(invocation.TargetMethod.ContainingType):
                // new BsonDocument("a", 1).Add("slug", "x")
                WalkAdd(invocation, depth);
                WalkData(invocation.Instance, depth + 1);
                break;

            case IInvocationOperation { TargetMethod.Name: "Parse", Arguments.Length: >= 1 } parse when _symbols.IsBsonDocument(parse.TargetMethod.ContainingType):
                // BsonDocument.Parse("{ slug: 'x' }")
                if (ValueTracer.Unwrap(parse.Arguments[0].Value) is { ConstantValue.HasValue: true } json)
                {
                    WalkJson(json);
                }

                break;

            case ILocalReferenceOperation local when _visited.Add(local.Local):
                if (AssignedValues.Of(local, _cancellationToken).Single is { } value)
                {
                    WalkData(value, depth + 1);
                    foreach (var write in LocalWrites.Of(local, _cancellationToken))
                    {
                        WalkWrite(write, depth);
                    }
                }

                break;

            case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedSymbol(operation) is { } member && _visited.Add(member):
                if (AssignedValues.Of(operation, _cancellationToken).Single is { } held)
                {
                    WalkData(held, depth + 1);
                }

                break;
        }
    }

    private void WalkCreation(IObjectCreationOperation creation, int depth)
    {
        var type = creation.Type;
        if ((_symbols.IsBsonDocument(type) ||
             StoreSymbols.IsDefinition(type, _symbols.BsonElement) ||
             StoreSymbols.IsDefinition(type, _symbols.KeyValuePair)) &&
            creation.Arguments.Length == 2 &&
            ValueTracer.ConstantString(creation.Arguments[0].Value) is { } key)
        {
            // new BsonDocument("slug", "x"), new BsonElement("slug", "x"), new KeyValuePair<string, object>("slug", "x")
            CheckKeyValue(key, creation.Arguments[1].Value, depth);
        }
        else
        {
            foreach (var argument in creation.Arguments)
            {
                // Positional records and constructors: the parameter name is the member name.
                if (argument.Parameter is { } parameter && _names.Contains(parameter.Name))
                {
                    CheckKeyValue(parameter.Name, argument.Value, depth);
                }
                else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    WalkData(argument.Value, depth + 1);
                }
            }
        }

        if (creation.Initializer is { } initializerList)
        {
            WalkInitializer(initializerList, depth);
        }
    }

    private void WalkInitializer(IObjectOrCollectionInitializerOperation initializerList, int depth)
    {
        foreach (var initializer in initializerList.Initializers)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation assignment:
                    WalkWrite(assignment, depth);
                    break;
                case IMemberInitializerOperation nested:
                    WalkInitializer(nested.Initializer, depth + 1);
                    break;
                case IInvocationOperation add:
                    WalkAdd(add, depth);
                    break;
            }
        }
    }

    // Doc.Slug = v, doc["slug"] = v, doc.Add("slug", v), list.Add(item)
    private void WalkWrite(IOperation write, int depth)
    {
        switch (write)
        {
            case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                CheckKeyValue(key, assignment.Value, depth);
                break;
            case IInvocationOperation invocation:
                WalkAdd(invocation, depth);
                break;
        }
    }

    private void WalkAdd(IInvocationOperation add, int depth)
    {
        if (IsKeyValueAdd(add) && ValueTracer.ConstantString(add.Arguments[0].Value) is { } key)
        {
            CheckKeyValue(key, add.Arguments[1].Value, depth);
            return;
        }

        foreach (var argument in add.Arguments)
        {
            WalkData(argument.Value, depth + 1);
        }
    }

    private static bool IsKeyValueAdd(IInvocationOperation invocation) =>
        invocation.Arguments.Length == 2 &&
        invocation.TargetMethod.Name is "Add" or "Set" or "TryAdd" &&
        invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;

    private void CheckKeyValue(string key, IOperation value, int depth)
    {
        if (_names.Contains(key) && ValueTracer.TryGetFixedString(value, _symbols, _cancellationToken, out var fixedValue))
        {
            _found.Add(new IdentifierValue(key, fixedValue));
            return;
        }

        WalkData(value, depth + 1);
    }

    private void WalkFilter(IOperation? operation, int depth)
    {
        operation = ValueTracer.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IInvocationOperation invocation when _symbols.IsFilterBuilderMethod(invocation.TargetMethod):
                WalkFilterBuilder(invocation, depth);
                break;

            case IBinaryOperation { OperatorMethod: not null } combined:
                // filter1 & filter2, filter1 | filter2
                WalkFilter(combined.LeftOperand, depth + 1);
                WalkFilter(combined.RightOperand, depth + 1);
                break;

            case IObjectCreationOperation or IInvocationOperation when _symbols.IsBsonDocument(operation.Type):
                WalkData(operation, depth + 1);
                break;

            case IDelegateCreationOperation or IAnonymousFunctionOperation:
                WalkPredicate(operation, depth + 1);
                break;

            case ILiteralOperation or IFieldReferenceOperation { Field.IsConst: true } or ILocalReferenceOperation { Local.IsConst: true }:
                WalkJson(operation);
                break;

            case ILocalReferenceOperation local when _visited.Add(local.Local):
                WalkFilter(AssignedValues.Of(local, _cancellationToken).Single, depth + 1);
                break;

            case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedSymbol(operation) is { } member && _visited.Add(member):
                WalkFilter(AssignedValues.Of(operation, _cancellationToken).Single, depth + 1);
                break;
        }
    }

    private void WalkFilterBuilder(IInvocationOperation invocation, int depth)
    {
        var arguments = invocation.Arguments;
        switch (invocation.TargetMethod.Name)
        {
            case "Eq" or "AnyEq" when arguments.Length >= 2 && FieldName(arguments[0].Value) is { } key:
                CheckFilterValue(key, arguments[1].Value);
                break;
            case "In" or "AnyIn" when arguments.Length >= 2 && FieldName(arguments[0].Value) is { } key:
                foreach (var element in Elements(arguments[1].Value, 0))
                {
                    CheckFilterValue(key, element);
                }

                break;
            case "And" or "Or":
                foreach (var argument in arguments)
                {
                    foreach (var element in Elements(argument.Value, 0))
                    {
                        WalkFilter(element, depth + 1);
                    }
                }

                break;
            case "Where" when arguments.Length >= 1:
                WalkPredicate(arguments[0].Value, depth + 1);
                break;
        }
    }

    private void WalkPredicate(IOperation? operation, int depth)
    {
        operation = ValueTracer.Unwrap(operation);
        switch (operation)
        {
            case IDelegateCreationOperation delegateCreation:
                WalkPredicate(delegateCreation.Target, depth);
                break;
            case IAnonymousFunctionOperation lambda:
                foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
                {
                    WalkCondition(returned.ReturnedValue, depth + 1);
                }

                break;
        }
    }

    private void WalkCondition(IOperation? operation, int depth)
    {
        operation = ValueTracer.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return;
        }

        switch (operation)
        {
            case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or:
                WalkCondition(binary.LeftOperand, depth + 1);
                WalkCondition(binary.RightOperand, depth + 1);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                CheckComparison(equals.LeftOperand, equals.RightOperand);
                break;
            case IInvocationOperation { TargetMethod.Name: "Equals" } call when call.Instance is not null && call.Arguments.Length >= 1:
                CheckComparison(call.Instance, call.Arguments[0].Value);
                break;
            case IInvocationOperation { TargetMethod.Name: "Equals", Instance: null } call when call.Arguments.Length >= 2:
                CheckComparison(call.Arguments[0].Value, call.Arguments[1].Value);
                break;
        }
    }

    private void CheckComparison(IOperation left, IOperation right)
    {
        if (MemberName(left) is { } leftKey)
        {
            CheckFilterValue(leftKey, right);
        }
        else if (MemberName(right) is { } rightKey)
        {
            CheckFilterValue(rightKey, left);
        }
    }

    private void CheckFilterValue(string key, IOperation value)
    {
        if (_names.Contains(key) && ValueTracer.TryGetFixedString(value, _symbols, _cancellationToken, out var fixedValue))
        {
            _found.Add(new IdentifierValue(key, fixedValue));
        }
    }

    // "{ slug: 'x' }" converted to a filter.
    private void WalkJson(IOperation literal)
    {
        if (literal.ConstantValue is not { HasValue: true, Value: string json } || json.IndexOf('{') < 0)
        {
            return;
        }

        foreach (Match match in JsonPair.Matches(json))
        {
            var key = LastSegment(match.Groups["key"].Value);
            var value = match.Groups["value"].Value;
            if (_names.Contains(key) && !string.IsNullOrWhiteSpace(value))
            {
                _found.Add(new IdentifierValue(key, new FixedValue(value, literal)));
            }
        }
    }

    // Field of Filter.Eq: "slug", "author.slug", or x => x.Slug.
    private static string? FieldName(IOperation field)
    {
        var unwrapped = ValueTracer.Unwrap(field);
        if (ValueTracer.ConstantString(unwrapped) is { } name)
        {
            return LastSegment(name);
        }

        if (unwrapped is IDelegateCreationOperation delegateCreation)
        {
            unwrapped = delegateCreation.Target;
        }

        if (unwrapped is IAnonymousFunctionOperation lambda)
        {
            var returned = lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault();
            return returned is null ? null : MemberName(returned.ReturnedValue);
        }

        return null;
    }

    // x.Slug, x["slug"]
    private static string? MemberName(IOperation? operation) => ValueTracer.Unwrap(operation) switch
    {
        IPropertyReferenceOperation { Arguments.Length: 1 } indexer => ValueTracer.ConstantString(indexer.Arguments[0].Value),
        IPropertyReferenceOperation property when property.Instance is not null => property.Property.Name,
        IFieldReferenceOperation field when field.Instance is not null => field.Field.Name,
        _ => null,
    };

    private static string? KeyOf(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Arguments.Length: 1 } indexer => ValueTracer.ConstantString(indexer.Arguments[0].Value),
        IPropertyReferenceOperation property => property.Property.Name,
        IFieldReferenceOperation field => field.Field.Name,
        _ => null,
    };

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static string LastSegment(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }

    /// <summary>The items of an array, a collection initializer, or a local holding one.</summary>
    private IEnumerable<IOperation> Elements(IOperation? operation, int depth)
    {
        operation = ValueTracer.Unwrap(operation);
        if (operation is null || depth > 2)
        {
            yield break;
        }

        switch (operation)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    yield return element;
                }

                break;
            case IObjectCreationOperation { Initializer: { } list }:
                foreach (var item in list.Initializers)
                {
                    if (item is IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        yield return add.Arguments[0].Value;
                    }
                }

                break;
            case ILocalReferenceOperation local:
                if (AssignedValues.Of(local, _cancellationToken).Single is { } value)
                {
                    foreach (var element in Elements(value, depth + 1))
                    {
                        yield return element;
                    }

                    foreach (var write in LocalWrites.Of(local, _cancellationToken))
                    {
                        if (write is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            yield return add.Arguments[0].Value;
                        }
                    }
                }

                break;
            default:
                yield return operation;
                break;
        }
    }
}
