using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tractatus.TestIsolation.Analyzers.Infrastructure;

namespace Tractatus.TestIsolation.Analyzers.Rules;

/// <summary>
/// Recognises the code that runs around every test or fixture — where a wipe removes other runs'
/// data: teardown (<c>Dispose</c>/<c>DisposeAsync</c>, cleanup attributes), setup (setup
/// attributes, test-class constructors, <c>IAsyncLifetime.InitializeAsync</c>, xUnit's
/// <c>BeforeAfterTestAttribute.Before/After</c>, NUnit's <c>ITestAction.BeforeTest/AfterTest</c>),
/// and the methods of this compilation they call,
/// up to <see cref="CallDepth"/> calls deep (virtual calls include their overrides). Framework
/// types are resolved by metadata name; a framework the compilation lacks adds nothing.
/// </summary>
internal sealed class SetupAndTeardownMethods
{
    /// <summary>How many calls from a hook a helper may be: the hook's helper and that helper's own helper.</summary>
    private const int CallDepth = 2;

    private static readonly ImmutableArray<string> HookAttributeNames = ImmutableArray.Create(
        "NUnit.Framework.SetUpAttribute",
        "NUnit.Framework.OneTimeSetUpAttribute",
        "NUnit.Framework.TearDownAttribute",
        "NUnit.Framework.OneTimeTearDownAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.ClassInitializeAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.AssemblyInitializeAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.ClassCleanupAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.AssemblyCleanupAttribute",
        "TUnit.Core.BeforeAttribute",
        "TUnit.Core.BeforeEveryAttribute",
        "TUnit.Core.AfterAttribute",
        "TUnit.Core.AfterEveryAttribute");

    // A type with one of these on a method (or on itself) is a test class; its constructor runs before each test.
    private static readonly ImmutableArray<string> TestAttributeNames = ImmutableArray.Create(
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "NUnit.Framework.TestCaseAttribute",
        "NUnit.Framework.TestCaseSourceAttribute",
        "NUnit.Framework.TheoryAttribute",
        "NUnit.Framework.TestFixtureAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestClassAttribute",
        "TUnit.Core.TestAttribute");

    // xUnit v2 and v3.
    private static readonly ImmutableArray<string> BeforeAfterTestNames = ImmutableArray.Create(
        "Xunit.Sdk.BeforeAfterTestAttribute", "Xunit.v3.BeforeAfterTestAttribute");

    // NUnit's action attributes: BeforeTest/AfterTest run around each test (or suite) they decorate.
    private static readonly ImmutableArray<string> TestActionNames = ImmutableArray.Create("NUnit.Framework.ITestAction");

    private static readonly ImmutableArray<string> AsyncLifetimeNames = ImmutableArray.Create(
        "Xunit.IAsyncLifetime", "Xunit.v3.IAsyncLifetime");

    // xUnit creates the T of IClassFixture<T> / ICollectionFixture<T> before the tests that share it.
    private static readonly ImmutableArray<string> FixtureInterfaceNames = ImmutableArray.Create(
        "Xunit.IClassFixture`1", "Xunit.ICollectionFixture`1", "Xunit.IAssemblyFixture`1");

    private readonly Compilation _compilation;
    private readonly ImmutableArray<INamedTypeSymbol> _hookAttributes;
    private readonly ImmutableArray<INamedTypeSymbol> _testAttributes;
    private readonly ImmutableArray<INamedTypeSymbol> _beforeAfterTest;
    private readonly ImmutableArray<INamedTypeSymbol> _asyncLifetime;
    private readonly ImmutableArray<INamedTypeSymbol> _testAction;
    private readonly ImmutableArray<INamedTypeSymbol> _fixtureInterfaces;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _testClasses = new(SymbolEqualityComparer.Default);
    private readonly object _gate = new();
    private ImmutableHashSet<IMethodSymbol>? _calledFromHooks;

    private SetupAndTeardownMethods(Compilation compilation)
    {
        _compilation = compilation;
        _hookAttributes = Resolve(compilation, HookAttributeNames);
        _testAttributes = Resolve(compilation, TestAttributeNames);
        _beforeAfterTest = Resolve(compilation, BeforeAfterTestNames);
        _asyncLifetime = Resolve(compilation, AsyncLifetimeNames);
        _testAction = Resolve(compilation, TestActionNames);
        _fixtureInterfaces = Resolve(compilation, FixtureInterfaceNames);
    }

    public static SetupAndTeardownMethods Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// True for a hook itself, a constructor that runs before tests without being a test class's
    /// own (a shared fixture's, a test base class's), or a method of this compilation one of those
    /// calls (directly or one call further).
    /// </summary>
    public bool RunsAroundTests(ISymbol? symbol, CancellationToken cancellationToken)
    {
        if (symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (IsHook(method))
        {
            return true;
        }

        var reached = Volatile.Read(ref _calledFromHooks);
        if (reached is null)
        {
            // Computed once per compilation; other threads wait rather than repeat the work. A
            // cancelled computation leaves the field empty for the next caller.
            lock (_gate)
            {
                reached = _calledFromHooks ??= CalledFromHooks(cancellationToken);
            }
        }

        return reached.Contains(method.OriginalDefinition);
    }

    /// <summary>A method the test framework runs before or after tests.</summary>
    public bool IsHook(IMethodSymbol method)
    {
        if (IsDisposeName(method) || HasAttribute(method, _hookAttributes))
        {
            return true;
        }

        switch (method.MethodKind)
        {
            case MethodKind.Constructor:
                return !method.IsStatic && (IsTestClass(method.ContainingType) || ImplementsAsyncLifetime(method.ContainingType));
            case MethodKind.Ordinary when method.IsOverride && method.Name is "Before" or "After":
                return DerivesFromAny(method.ContainingType, _beforeAfterTest);
            case MethodKind.Ordinary when method.Name == "InitializeAsync" && method.Parameters.IsEmpty && !method.IsStatic:
                return ImplementsAsyncLifetime(method.ContainingType);
            case MethodKind.Ordinary when method.Name is "BeforeTest" or "AfterTest" && method.Parameters.Length == 1 && !method.IsStatic:
                return ImplementsAny(method.ContainingType, _testAction);
            case MethodKind.ExplicitInterfaceImplementation:
                foreach (var implemented in method.ExplicitInterfaceImplementations)
                {
                    if ((implemented.Name == "InitializeAsync" && ContainsDefinition(_asyncLifetime, implemented.ContainingType)) ||
                        (implemented.Name is "BeforeTest" or "AfterTest" && ContainsDefinition(_testAction, implemented.ContainingType)))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    // Hooks are found by symbol (cheap); only their bodies, and their helpers' bodies, are bound.
    private ImmutableHashSet<IMethodSymbol> CalledFromHooks(CancellationToken cancellationToken)
    {
        var hooks = new List<IMethodSymbol>();
        var overrides = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        var helperNames = new HashSet<string>(System.StringComparer.Ordinal);
        var declarations = new Dictionary<string, List<SyntaxReference>>(System.StringComparer.Ordinal);
        var constructors = new List<IMethodSymbol>();
        CollectMethods(_compilation.Assembly.GlobalNamespace, hooks, overrides, helperNames, declarations, constructors, cancellationToken);
        var wipeHelperNames = new WipeHelperNames(helperNames, declarations, cancellationToken);

        var reached = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var constructor in constructors)
        {
            if (reached.Add(constructor))
            {
                hooks.Add(constructor);
            }
        }
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var frontier = hooks;
        for (var depth = 0; depth < CallDepth && frontier.Count > 0; depth++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var caller in frontier)
            {
                foreach (var callee in Callees(caller, wipeHelperNames, models, cancellationToken))
                {
                    AddWithOverrides(callee, reached, next, overrides);
                }
            }

            frontier = next;
        }

        return reached.ToImmutable();
    }

    private static void AddWithOverrides(
        IMethodSymbol callee,
        ImmutableHashSet<IMethodSymbol>.Builder reached,
        List<IMethodSymbol> next,
        Dictionary<IMethodSymbol, List<IMethodSymbol>> overrides)
    {
        if (reached.Add(callee))
        {
            next.Add(callee);
        }

        if (overrides.TryGetValue(callee, out var implementations))
        {
            foreach (var implementation in implementations)
            {
                if (reached.Add(implementation))
                {
                    next.Add(implementation);
                }
            }
        }
    }

    // Only calls whose name is a method declared in this compilation (and not itself a hook) are bound.
    private IEnumerable<IMethodSymbol> Callees(
        IMethodSymbol caller, WipeHelperNames helperNames, Dictionary<SyntaxTree, SemanticModel> models, CancellationToken cancellationToken)
    {
        foreach (var reference in caller.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            foreach (var invocation in node.DescendantNodes())
            {
                if (invocation is not InvocationExpressionSyntax call || InvokedName(call.Expression) is not { } name ||
                    !(helperNames.Contains(name) || (helperNames.IsDeclared(name) && WipeHelperNames.PassesWipeText(call))))
                {
                    continue;
                }

                if (!models.TryGetValue(node.SyntaxTree, out var model))
                {
#pragma warning disable RS1030 // Bound once per file whose hooks call a helper of this compilation, once per compilation.
                    model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                    models.Add(node.SyntaxTree, model);
                }

                if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol callee)
                {
                    continue;
                }

                callee = (callee.ReducedFrom ?? callee).OriginalDefinition;
                if (callee.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation &&
                    SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, _compilation.Assembly))
                {
                    yield return callee;
                }
            }
        }
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private void CollectMethods(
        INamespaceOrTypeSymbol container,
        List<IMethodSymbol> hooks,
        Dictionary<IMethodSymbol, List<IMethodSymbol>> overrides,
        HashSet<string> helperNames,
        Dictionary<string, List<SyntaxReference>> declarations,
        List<IMethodSymbol> constructors,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (container is INamedTypeSymbol type)
        {
            AddConstructorsRunBeforeTests(type, constructors);
        }

        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested when member is INamespaceSymbol || ((INamedTypeSymbol)member).Locations.Length > 0:
                    CollectMethods(nested, hooks, overrides, helperNames, declarations, constructors, cancellationToken);
                    break;
                case IMethodSymbol method when !method.DeclaringSyntaxReferences.IsEmpty:
                    AddDeclarations(method, declarations);
                    AddDeclarations(method.PartialImplementationPart, declarations);
                    if (IsHook(method))
                    {
                        hooks.Add(method);
                    }
                    else if (method.MethodKind == MethodKind.Ordinary)
                    {
                        helperNames.Add(method.Name);
                    }

                    if (method.OverriddenMethod is { } overridden)
                    {
                        var key = overridden.OriginalDefinition;
                        if (!overrides.TryGetValue(key, out var list))
                        {
                            overrides.Add(key, list = new List<IMethodSymbol>());
                        }

                        list.Add(method);
                    }

                    break;
            }
        }
    }

    // Every method declaration (hooks included) by name, so a wipe helper is known wherever it is
    // declared; the syntax is read only for the names a hook calls.
    private static void AddDeclarations(IMethodSymbol? method, Dictionary<string, List<SyntaxReference>> declarations)
    {
        if (method is null || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return;
        }

        var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
            ? method.ExplicitInterfaceImplementations[0].Name
            : method.Name;
        if (!declarations.TryGetValue(name, out var list))
        {
            declarations.Add(name, list = new List<SyntaxReference>());
        }

        list.AddRange(method.DeclaringSyntaxReferences);
    }

    // The fixtures a type asks xUnit for, and the source base classes of a test class: their
    // constructors run before the tests (a base class's before every test of each derived class).
    private void AddConstructorsRunBeforeTests(INamedTypeSymbol type, List<IMethodSymbol> constructors)
    {
        foreach (var implemented in type.Interfaces)
        {
            if (implemented.TypeArguments.Length == 1 && ContainsDefinition(_fixtureInterfaces, implemented) &&
                implemented.TypeArguments[0] is INamedTypeSymbol fixture)
            {
                AddSourceConstructors(fixture, constructors);
            }
        }

        if (IsTestClass(type))
        {
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                AddSourceConstructors(baseType, constructors);
            }
        }
    }

    private void AddSourceConstructors(INamedTypeSymbol type, List<IMethodSymbol> constructors)
    {
        if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly))
        {
            return;
        }

        foreach (var constructor in type.OriginalDefinition.InstanceConstructors)
        {
            if (!constructor.DeclaringSyntaxReferences.IsEmpty)
            {
                constructors.Add(constructor);
            }
        }
    }

    private bool IsTestClass(INamedTypeSymbol type) =>
        _testClasses.TryGetValue(type, out var known) ? known : _testClasses.GetOrAdd(type, t =>
        {
            if (HasAttribute(t, _testAttributes))
            {
                return true;
            }

            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && HasAttribute(method, _testAttributes))
                {
                    return true;
                }
            }

            return false;
        });

    private bool ImplementsAsyncLifetime(INamedTypeSymbol type) => ImplementsAny(type, _asyncLifetime);

    private static bool ImplementsAny(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> interfaces)
    {
        if (interfaces.IsEmpty)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (ContainsDefinition(interfaces, implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, ImmutableArray<INamedTypeSymbol> known)
    {
        if (known.IsEmpty)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (DerivesFromAny(attribute.AttributeClass, known))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFromAny(INamedTypeSymbol? type, ImmutableArray<INamedTypeSymbol> known)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (ContainsDefinition(known, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsDefinition(ImmutableArray<INamedTypeSymbol> known, INamedTypeSymbol type)
    {
        foreach (var candidate in known)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, type.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, ImmutableArray<string> names)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in names)
        {
            if (TypeLookup.Find(compilation, name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }

    private static bool IsDisposeName(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
        {
            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (IsDisposeSignature(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        return method.MethodKind == MethodKind.Ordinary && !method.IsStatic && IsDisposeSignature(method);
    }

    // Dispose(), Dispose(bool disposing), DisposeAsync(), DisposeAsyncCore()
    private static bool IsDisposeSignature(IMethodSymbol method) => method.Name switch
    {
        "Dispose" => method.Parameters.Length == 0 ||
                     (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean),
        "DisposeAsync" or "DisposeAsyncCore" => method.Parameters.Length == 0,
        _ => false,
    };
}
