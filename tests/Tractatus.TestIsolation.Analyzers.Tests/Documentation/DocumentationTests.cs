using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Tests.Packaging;

namespace Tractatus.TestIsolation.Analyzers.Tests.Documentation;

/// <summary>
/// Keeps the rule documentation honest: every rule the package reports has its page under
/// docs/rules, its row in the README rules table, its release-tracking entry and a help link to
/// its page; and nothing documents a rule that does not exist. The rule set is the descriptor
/// catalog plus whatever the analyzers in the assembly declare, so a rule added without docs fails
/// here even if someone forgot to put it in <see cref="Descriptors.All"/>.
/// </summary>
public sealed class DocumentationTests
{
    public static TheoryData<string> RuleIds => new(RuleSet.ById.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_page_titled_like_its_descriptor(string id)
    {
        var descriptor = RuleSet.ById[id];
        var page = RepositoryRoot.Combine("docs", "rules", id + ".md");

        File.Exists(page).ShouldBeTrue($"{id} has no documentation page; write docs/rules/{id}.md (its help link points there).");
        var heading = File.ReadLines(page).FirstOrDefault(line => line.Trim().Length > 0) ?? "";
        heading.ShouldBe(
            $"# {id}: {descriptor.Title}",
            $"docs/rules/{id}.md must start with the rule's id and its descriptor title.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_states_the_descriptors_category_and_severity(string id)
    {
        var descriptor = RuleSet.ById[id];
        var page = RepositoryRoot.Combine("docs", "rules", id + ".md");
        File.Exists(page).ShouldBeTrue($"docs/rules/{id}.md is missing.");
        var text = File.ReadAllText(page);

        text.ShouldContain($"| Category | `{descriptor.Category}` |", Case.Sensitive, $"docs/rules/{id}.md: the summary table's category differs from the descriptor's.");
        text.ShouldContain($"| Default severity | {descriptor.DefaultSeverity} |", Case.Sensitive, $"docs/rules/{id}.md: the summary table's severity differs from the descriptor's.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_readme_row_matching_its_descriptor(string id)
    {
        var descriptor = RuleSet.ById[id];
        var rows = ReadmeRuleRows();

        rows.ContainsKey(id).ShouldBeTrue(
            $"README.md's rules table has no row for {id}; add '| [{id}](docs/rules/{id}.md) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | … | … |'.");
        var row = rows[id];
        row.Link.ShouldBe($"docs/rules/{id}.md", $"README.md's row for {id} must link to its page.");
        row.Title.ShouldBe(descriptor.Title.ToString(), $"README.md's title for {id} differs from the descriptor's.");
        row.Category.ShouldBe(descriptor.Category, $"README.md's category for {id} differs from the descriptor's.");
        row.Severity.ShouldBe(descriptor.DefaultSeverity.ToString(), $"README.md's default severity for {id} differs from the descriptor's.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_release_tracking_entry(string id)
    {
        var descriptor = RuleSet.ById[id];
        var entries = ReleaseTrackingEntries();

        entries.ContainsKey(id).ShouldBeTrue(
            $"{id} is in neither AnalyzerReleases.Shipped.md nor AnalyzerReleases.Unshipped.md; add '{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | <analyzer>' under '### New Rules' in Unshipped.");
        entries[id].Category.ShouldBe(descriptor.Category, $"The release-tracking category of {id} differs from the descriptor's.");
        entries[id].Severity.ShouldBe(descriptor.DefaultSeverity.ToString(), $"The release-tracking severity of {id} differs from the descriptor's.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_help_link_points_to_its_page(string id)
    {
        var descriptor = RuleSet.ById[id];

        descriptor.HelpLinkUri.ShouldBe(Descriptors.HelpLink(id), $"{id}'s helpLinkUri must come from Descriptors.HelpLink(\"{id}\").");
        Descriptors.HelpLink(id).ShouldEndWith($"/docs/rules/{id}.md");
        Descriptors.HelpRoot.ShouldStartWith("https://");
    }

    [Fact]
    public void Docs_rules_has_no_page_for_a_rule_that_does_not_exist()
    {
        var orphans = Directory.GetFiles(RepositoryRoot.Combine("docs", "rules"))
            .Select(Path.GetFileName)
            .Where(name => !string.Equals(name, "README.md", StringComparison.Ordinal))
            .Where(name => !RuleSet.ById.ContainsKey(Path.GetFileNameWithoutExtension(name!)) || !name!.EndsWith(".md", StringComparison.Ordinal))
            .ToList();

        orphans.ShouldBeEmpty($"docs/rules holds pages for rules no analyzer reports: {string.Join(", ", orphans)}. Delete them or add the rule.");
    }

    [Fact]
    public void Readme_has_no_row_for_a_rule_that_does_not_exist()
    {
        var unknown = ReadmeRuleRows().Keys.Where(id => !RuleSet.ById.ContainsKey(id)).ToList();

        unknown.ShouldBeEmpty($"README.md's rules table lists rules that do not exist: {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void Release_tracking_has_no_entry_for_a_rule_that_does_not_exist()
    {
        var unknown = ReleaseTrackingEntries().Keys.Where(id => !RuleSet.ById.ContainsKey(id)).ToList();

        unknown.ShouldBeEmpty($"AnalyzerReleases.*.md list rules no descriptor declares: {string.Join(", ", unknown)}; move them under '### Removed Rules' or delete them.");
    }

    [Fact]
    public void Every_catalog_rule_is_reported_by_an_analyzer()
    {
        var supported = RuleSet.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var unreported = Descriptors.All.Select(d => d.Id).Where(id => !supported.Contains(id)).ToList();

        unreported.ShouldBeEmpty($"Descriptors.All has rules that no DiagnosticAnalyzer in {typeof(Descriptors).Assembly.GetName().Name} declares in SupportedDiagnostics: {string.Join(", ", unreported)}.");
    }

    [Fact]
    public void Every_supported_diagnostic_comes_from_the_catalog()
    {
        var strays = RuleSet.Analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => (Analyzer: a.GetType().Name, Descriptor: d)))
            .Where(pair => !Descriptors.All.Contains(pair.Descriptor))
            .Select(pair => $"{pair.Analyzer}: {pair.Descriptor.Id}")
            .ToList();

        strays.ShouldBeEmpty($"Analyzers declare descriptors that are not the catalog's (take them from Descriptors): {string.Join(", ", strays)}.");
    }

    [Fact]
    public void Catalog_ids_are_unique()
    {
        var duplicates = Descriptors.All.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        duplicates.ShouldBeEmpty();
        Descriptors.All.Count.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Readme_code_fix_column_matches_the_code_fix_providers(string id)
    {
        var rows = ReadmeRuleRows();
        rows.ContainsKey(id).ShouldBeTrue($"README.md's rules table has no row for {id}.");
        var hasFix = RuleSet.FixableIds.Contains(id);

        rows[id].CodeFix.ShouldBe(
            hasFix ? "Yes" : "No",
            $"README.md says code fix '{rows[id].CodeFix}' for {id}, but Tractatus.TestIsolation.CodeFixes {(hasFix ? "has" : "has no")} exported CodeFixProvider for it.");
    }

    private sealed record ReadmeRow(string Link, string Title, string Category, string Severity, string CodeFix);

    private sealed record ReleaseEntry(string Category, string Severity);

    // A rules-table row: "| [TI1001](docs/rules/TI1001.md) | Title | Category | Severity | Code fix | Options |".
    private static readonly Regex ReadmeRowPattern = new(
        @"^\|\s*\[(?<id>[A-Z]+\d{4})\]\((?<link>[^)]*)\)\s*\|(?<rest>.*)$",
        RegexOptions.CultureInvariant);

    // A release-tracking row: "TI1001 | TestIsolation | Warning | Notes".
    private static readonly Regex ReleaseRowPattern = new(
        @"^(?<id>[A-Z]+\d{4})\s*\|\s*(?<category>[^|]*?)\s*\|\s*(?<severity>[^|]*?)\s*\|",
        RegexOptions.CultureInvariant);

    private static Dictionary<string, ReadmeRow> ReadmeRuleRows()
    {
        var rows = new Dictionary<string, ReadmeRow>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(RepositoryRoot.Combine("README.md")))
        {
            var match = ReadmeRowPattern.Match(line.Trim());
            if (!match.Success)
            {
                continue;
            }

            var cells = match.Groups["rest"].Value.Split('|').Select(c => c.Trim()).ToArray();
            var id = match.Groups["id"].Value;
            rows.ContainsKey(id).ShouldBeFalse($"README.md's rules table lists {id} twice.");
            rows[id] = new ReadmeRow(
                match.Groups["link"].Value,
                cells.ElementAtOrDefault(0) ?? "",
                cells.ElementAtOrDefault(1) ?? "",
                cells.ElementAtOrDefault(2) ?? "",
                cells.ElementAtOrDefault(3) ?? "");
        }

        return rows;
    }

    private static Dictionary<string, ReleaseEntry> ReleaseTrackingEntries()
    {
        var entries = new Dictionary<string, ReleaseEntry>(StringComparer.Ordinal);
        var folder = RepositoryRoot.Combine("src", "Tractatus.TestIsolation.Analyzers");
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = "";
            foreach (var raw in File.ReadLines(Path.Combine(folder, file)))
            {
                var line = raw.Trim();
                if (line.StartsWith("###", StringComparison.Ordinal))
                {
                    section = line;
                    continue;
                }

                var match = ReleaseRowPattern.Match(line);
                if (!match.Success || section.Contains("Removed", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // A later release (or Unshipped's "Changed Rules") supersedes an earlier entry.
                entries[match.Groups["id"].Value] = new ReleaseEntry(match.Groups["category"].Value, match.Groups["severity"].Value);
            }
        }

        return entries;
    }
}

/// <summary>The rules of the shipped assembly: the catalog plus what its analyzers declare.</summary>
internal static class RuleSet
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = LoadAnalyzers();

    public static IReadOnlyDictionary<string, DiagnosticDescriptor> ById { get; } = Descriptors.All
        .Concat(Analyzers.SelectMany(a => a.SupportedDiagnostics))
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>Ids that an exported code fix in Tractatus.TestIsolation.CodeFixes can fix.</summary>
    public static IReadOnlySet<string> FixableIds { get; } = Assembly.Load("Tractatus.TestIsolation.CodeFixes")
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
        .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
        .ToHashSet(StringComparer.Ordinal);

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers() => typeof(Descriptors).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}
