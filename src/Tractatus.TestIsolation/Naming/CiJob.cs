namespace Tractatus.TestIsolation.Naming;

/// <summary>Finds the CI job that runs this process, for attribution of sessions and leases.</summary>
internal static class CiJob
{
    /// <summary>
    /// Returns <c>&lt;system&gt;:&lt;id&gt;</c>, e.g. <c>github:123456789-2</c> (run id and attempt),
    /// <c>gitlab:4242</c>, <c>azure:1234</c>; null outside CI.
    /// </summary>
    internal static string? Detect(Func<string, string?> getVariable)
    {
        var github = getVariable("GITHUB_RUN_ID");
        if (!string.IsNullOrWhiteSpace(github))
        {
            var attempt = getVariable("GITHUB_RUN_ATTEMPT");
            return "github:" + github + (string.IsNullOrWhiteSpace(attempt) ? string.Empty : "-" + attempt);
        }

        (string Variable, string System)[] known =
        [
            ("CI_JOB_ID", "gitlab"),
            ("BUILD_BUILDID", "azure"),
            ("CIRCLE_WORKFLOW_JOB_ID", "circleci"),
            ("BUILDKITE_JOB_ID", "buildkite"),
            ("TRAVIS_JOB_ID", "travis"),
            ("APPVEYOR_JOB_ID", "appveyor"),
            ("BITBUCKET_BUILD_NUMBER", "bitbucket"),
            ("TEAMCITY_BUILD_ID", "teamcity"),
            ("BUILD_NUMBER", "jenkins"),
        ];
        foreach (var (variable, system) in known)
        {
            var value = getVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return system + ":" + value.Trim();
            }
        }

        return null;
    }
}
