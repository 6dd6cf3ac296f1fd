using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI1003: session ids fixed in the tooling that records session state.</summary>
public class TI1003Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;

        """;

    private static Task Verify(string source, TestProject project = TestProject.NonTest, string? editorConfig = null, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<StaticSessionIdAnalyzer>.VerifyAsync(Usings + source, project, editorConfig, expected);

    // ---- flagged ------------------------------------------------------------------------------

    [Fact]
    public async Task Const_session_id_from_the_incident_is_flagged_with_name_and_value()
    {
        await Verify(
            """
            public static class SessionTracker
            {
                private const string SessionId = {|#0:"2025-10-07-001"|};
            }
            """,
            expected: new DiagnosticResult(Descriptors.StaticSessionId).WithLocation(0).WithArguments("SessionId", "2025-10-07-001"));
    }

    [Fact]
    public async Task Auto_property_initializer_is_flagged()
    {
        await Verify("""
            public sealed class SessionState
            {
                public string SessionId { get; set; } = {|TI1003:"default-session"|};

                public int MessageCount { get; set; }
            }
            """);
    }

    [Fact]
    public async Task Static_readonly_field_with_a_prefix_in_its_name_is_flagged()
    {
        await Verify("""
            internal static class Current
            {
                internal static readonly string CurrentSessionId = {|TI1003:"abc"|};
                public static string ParentSessionId = {|TI1003:"2025-10-06-003"|};
            }
            """);
    }

    [Fact]
    public async Task Snake_case_field_is_flagged()
    {
        await Verify("""
            public sealed class Checkpoint
            {
                public string session_id = {|TI1003:"local-dev"|};
            }
            """);
    }

    [Fact]
    public async Task Assignment_in_a_method_and_in_an_object_initializer_is_flagged()
    {
        await Verify("""
            public sealed class SessionState
            {
                public string? SessionId { get; set; }
                public int Count { get; set; }
            }

            public sealed class Recorder
            {
                private string _sessionId = string.Empty;

                public SessionState Start()
                {
                    _sessionId = {|TI1003:"tooling-session"|};
                    var state = new SessionState { SessionId = {|TI1003:"2025-10-07-001"|}, Count = 0 };
                    state.SessionId = {|TI1003:"fallback-session"|};
                    return state;
                }
            }
            """);
    }

    [Fact]
    public async Task Expression_bodied_property_returning_a_literal_is_flagged()
    {
        await Verify("""
            public sealed class Environment
            {
                public string SessionId => {|TI1003:"2025-10-07-001"|};
            }
            """);
    }

    [Fact]
    public async Task Test_code_override_false_makes_a_test_project_file_count_as_tooling()
    {
        await Verify(
            """
            public static class ToolingInsideTests
            {
                public const string SessionId = {|TI1003:"2025-10-07-001"|};
            }
            """,
            TestProject.Xunit,
            "tractatus_isolation.test_code = false");
    }

    // ---- not flagged --------------------------------------------------------------------------

    [Fact]
    public async Task Locals_are_display_fallbacks_and_not_flagged()
    {
        await Verify("""
            public static class Banner
            {
                public static string Describe(string? id)
                {
                    var sessionId = "local";
                    const string fallbackSessionId = "unknown-session";
                    return id ?? sessionId + fallbackSessionId;
                }
            }
            """);
    }

    [Fact]
    public async Task Generated_ids_and_configuration_reads_are_not_flagged()
    {
        await Verify("""
            public sealed class Session
            {
                public static Session Current { get; } = new();

                public string Id { get; } = Guid.NewGuid().ToString("N");

                public string SessionId { get; } = Guid.NewGuid().ToString("N");

                public string RunSessionId { get; set; } = Current.Id;

                // The environment decides whenever it is set; "local" only names ad-hoc runs.
                public static readonly string EnvSessionId = Environment.GetEnvironmentVariable("CLAUDE_SESSION_ID") ?? "local";

                public static string DateSessionId { get; } = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmmss");
            }
            """);
    }

    [Fact]
    public async Task Empty_null_and_placeholder_values_are_not_flagged()
    {
        await Verify("""
            public sealed class SessionRecord
            {
                [JsonPropertyName("session_id")]
                public string SessionId { get; set; } = "";

                public string? ParentSessionId { get; set; } = null;

                public string PreviousSessionId { get; set; } = string.Empty;

                public string LastSessionId { get; set; } = "unknown";

                public void Clear()
                {
                    SessionId = "";
                    ParentSessionId = null;
                }
            }
            """);
    }

    [Fact]
    public async Task Names_of_keys_headers_and_variables_are_not_session_ids()
    {
        await Verify("""
            public static class Keys
            {
                public const string SessionIdKey = "session_id";
                public const string SessionIdHeader = "X-Session-Id";
                public const string SessionIdEnvVar = "CLAUDE_SESSION_ID";
                public const string SessionIdVariable = "CLAUDE_SESSION_ID";
                public const string SessionIdName = "sessionId";
                public static readonly string SessionIdentifier = "abc";
                public const string UserId = "admin";
            }
            """);
    }

    [Fact]
    public async Task Values_that_look_like_key_names_or_templates_are_not_flagged()
    {
        await Verify("""
            public static class Json
            {
                public const string SessionId = "session_id";
                public const string ParentSessionId = "parent_session_id";
                public const string HeaderSessionId = "X-Session-Id";
                public const string EnvSessionId = "CLAUDE_SESSION_ID";
                public const string TemplateSessionId = "{sessionId}";
                public const string RouteSessionId = "sessions/{id}";
                public const string PlaceholderSessionId = "${SESSION_ID}";
                public const string LabelSessionId = "Session id";
                public const string NamedSessionId = nameof(NamedSessionId);
                public const string StaticSessionId = "TI1003";
            }
            """);
    }

    [Fact]
    public async Task Members_of_types_that_list_names_and_attribute_or_cookie_names_are_not_flagged()
    {
        await Verify("""
            public static class CustomClaimTypes
            {
                public const string SessionId = "sid";
            }

            public static class HeaderNames
            {
                public const string SessionId = "X-Session";
            }

            public static class Telemetry
            {
                public static class Attributes
                {
                    public const string SessionId = "app.session";
                }
            }

            public static class Otel
            {
                public const string SessionId = "session.id";
            }

            public static class PhpInterop
            {
                public const string SessionId = "PHPSESSID";
            }

            public static class AuthCookie
            {
                public const string SessionId = "SID";
            }
            """);
    }

    [Fact]
    public async Task Members_of_anonymous_objects_are_not_flagged()
    {
        await Verify("""
            public static class Telemetry
            {
                public static object Payload() => new { SessionId = "2025-10-07-001", Kind = "start" };
            }
            """);
    }

    [Theory]
    [InlineData(TestProject.Xunit)]
    [InlineData(TestProject.NUnit)]
    [InlineData(TestProject.MSTest)]
    public async Task Test_projects_are_not_flagged(TestProject project)
    {
        await Verify(
            """
            public sealed class SessionStateTests
            {
                private const string SessionId = "2025-10-07-001";

                public string Fixed { get; } = SessionId;

                public object State() => new SessionState { SessionId = "test-session" };
            }

            public sealed class SessionState
            {
                public string SessionId { get; set; } = "default-session";
            }
            """,
            project);
    }

    [Fact]
    public async Task Test_code_override_true_silences_a_non_test_project()
    {
        await Verify(
            """
            public static class Fixtures
            {
                public const string SessionId = "2025-10-07-001";
            }
            """,
            TestProject.NonTest,
            "tractatus_isolation.test_code = true");
    }

    // ---- configuration ------------------------------------------------------------------------

    [Fact]
    public async Task Session_id_names_option_replaces_the_default_names()
    {
        await Verify(
            """
            public sealed class Run
            {
                public const string RunId = {|TI1003:"run-42"|};
                public const string CiRunId = {|TI1003:"ci-7"|};
                public const string SessionId = "2025-10-07-001";
                public const string RunIdKey = "run_id";
            }
            """,
            editorConfig: "tractatus_isolation.session_id_names = run_id, TraceId");
    }

    [Fact]
    public async Task Session_id_names_match_case_and_underscore_insensitively()
    {
        await Verify(
            """
            public sealed class Trace
            {
                public static string TRACE_ID = {|TI1003:"t-1"|};
                public static string requestTraceId = {|TI1003:"t-2"|};
            }
            """,
            editorConfig: "tractatus_isolation.session_id_names = trace-id");
    }
}
