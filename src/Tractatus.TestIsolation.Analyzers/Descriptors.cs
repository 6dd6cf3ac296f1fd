using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers;

/// <summary>The catalog of every rule this package reports; analyzers take their descriptor from here.</summary>
public static class Descriptors
{
    /// <summary>Category of the rules about test data and databases shared by concurrent test runs.</summary>
    public const string TestIsolationCategory = "TestIsolation";

    /// <summary>Category of the rules about state files shared by concurrent processes.</summary>
    public const string SharedStateCategory = "SharedState";

    /// <summary>Where rule pages live; each descriptor links to <c>docs/rules/&lt;id&gt;.md</c> under it.</summary>
    public const string HelpRoot = "https://github.com/tractatus/Tractatus.TestIsolation/blob/main/docs/rules/";

    /// <summary>The documentation page of a rule.</summary>
    public static string HelpLink(string id) => HelpRoot + id + ".md";

    /// <summary>TI1001. Message arguments: member or key name, fixed value, suggested replacement.</summary>
    public static readonly DiagnosticDescriptor FixedTestDataIdentifier = Create(
        DiagnosticIds.FixedTestDataIdentifier,
        "Test data identifier has a fixed value",
        "Test data identifier '{0}' has the fixed value \"{1}\"; concurrent test runs collide on it. Use a per-session value such as {2}.",
        TestIsolationCategory,
        "Test code writes a store record whose identifier (slug, id, key, email, ...) is a fixed literal, or filters on one. Two test runs against the same server insert the same identifier, hit unique-index errors, and delete each other's records.");

    /// <summary>TI1002. Message arguments: the fixed database (or schema, or SQLite file) name, what to use instead.</summary>
    public static readonly DiagnosticDescriptor HardCodedDatabaseName = Create(
        DiagnosticIds.HardCodedDatabaseName,
        "Test code uses a hard-coded database name",
        "Database or schema name \"{0}\" is hard-coded; concurrent test runs share it and one run's cleanup destroys the other's data. Use the session database name, such as {1}.",
        TestIsolationCategory,
        "Test code names its database, its schema on a shared database, or its SQLite file in a machine-wide folder with a fixed literal. Every test run on the same server or machine then uses the same one, so runs see, collide with and drop each other's data.");

    /// <summary>TI1003. Message arguments: member name, fixed value.</summary>
    public static readonly DiagnosticDescriptor StaticSessionId = Create(
        DiagnosticIds.StaticSessionId,
        "Session id is a fixed string",
        "Session id '{0}' is the fixed value \"{1}\"; every session records its state under the same id and per-session data blends. Create the id per run (TestSession.Current.Id, Guid.NewGuid()) or read it from configuration.",
        TestIsolationCategory,
        "A member that holds a session id is initialized with, or assigned, a string literal. Every process then writes its state under one id, so per-session counters and histories of concurrent sessions mix into meaningless totals.");

    /// <summary>TI1004. Message arguments: description of what the delete matches.</summary>
    public static readonly DiagnosticDescriptor UnscopedTeardownDelete = Create(
        DiagnosticIds.UnscopedTeardownDelete,
        "Setup or teardown deletes data of other test runs",
        "Setup or teardown {0}, which also matches data of concurrent test runs. Delete only what this session created (its own slugs or ids) or drop the session database.",
        TestIsolationCategory,
        "Test setup or teardown deletes with an empty filter, a fixed identifier, or drops a fixed collection or database. When two test runs share a server, one run's wipe removes the data the other run is still using.");

    /// <summary>TI2001. Message arguments: the write method, the path as written.</summary>
    public static readonly DiagnosticDescriptor UnlockedSharedStateWrite = Create(
        DiagnosticIds.UnlockedSharedStateWrite,
        "Shared state file written without a cross-process lock",
        "'{0}' writes the shared state file {1} without a cross-process lock; concurrent processes overwrite each other's changes. Write it through SharedStateFile.Update or SharedStateFile.UpdateText.",
        SharedStateCategory,
        "A state file that several processes share is written directly. Without a cross-process lock and an atomic replace, concurrent writers lose updates and readers can see a half-written file.");

    /// <summary>TI2002. Message arguments: the file as written, an optional note about in-process locks.</summary>
    public static readonly DiagnosticDescriptor UnlockedReadModifyWrite = Create(
        DiagnosticIds.UnlockedReadModifyWrite,
        "File is read, modified and written without a cross-process lock",
        "'{0}' is read and then written back without a cross-process lock held across both; an update another process makes in between is lost{1}. Use SharedStateFile.Update to lock, read, transform and write in one step.",
        SharedStateCategory,
        "The same file is read and later written in one method with no cross-process lock held across both. Two processes doing this at once both read the old content and the second write silently drops the first one's change. A C# lock, Monitor or SemaphoreSlim protects only one process.");

    /// <summary>Every descriptor, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        FixedTestDataIdentifier,
        HardCodedDatabaseName,
        StaticSessionId,
        UnscopedTeardownDelete,
        UnlockedSharedStateWrite,
        UnlockedReadModifyWrite,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, string description) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpLink(id));
}
