using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.StaticSessionIdAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.StaticSessionIdCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class StaticSessionIdCodeFixTests
{
    [Fact]
    public async Task Const_session_id_becomes_static_readonly_TestSession_Current_Id()
    {
        const string source = """
            using System.IO;

            public static class SessionInfo
            {
                public const string SessionId = {|TI1003:"2025-10-07-001"|};

                public static string StateDirectory(string root) => Path.Combine(root, ".claude", "sessions", SessionId);
            }
            """;
        const string fixedSource = """
            using System.IO;
            using Tractatus.TestIsolation;

            public static class SessionInfo
            {
                public static readonly string SessionId = TestSession.Current.Id;

                public static string StateDirectory(string root) => Path.Combine(root, ".claude", "sessions", SessionId);
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Tooling);
    }

    [Fact]
    public async Task Without_the_runtime_a_new_guid_is_used()
    {
        const string source = """
            public sealed class Recorder
            {
                public string SessionId { get; set; } = {|TI1003:"local-session"|};
            }
            """;
        const string fixedSource = """
            using System;

            public sealed class Recorder
            {
                public string SessionId { get; set; } = Guid.NewGuid().ToString("N");
            }
            """;

        await Verify.VerifyAsync(source, fixedSource, TestProject.Libraries);
    }

    [Fact]
    public async Task Expression_bodied_property_without_the_runtime_gets_no_fix_because_each_read_would_differ()
    {
        const string source = """
            public sealed class Recorder
            {
                public string SessionId => {|TI1003:"local-session"|};
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Libraries);
    }

    [Fact]
    public async Task Const_used_as_a_case_label_gets_no_fix()
    {
        const string source = """
            public static class SessionInfo
            {
                public const string SessionId = {|TI1003:"fixed"|};

                public static bool IsDefault(string id) => id switch
                {
                    SessionId => true,
                    _ => false,
                };
            }
            """;

        await Verify.VerifyNoFixAsync(source, TestProject.Tooling);
    }

    [Fact]
    public async Task Fix_all_rewrites_every_document_of_the_project()
    {
        const string first = """
            public sealed class A
            {
                private string _sessionId = {|TI1003:"a"|};

                public void Reset() => _sessionId = {|TI1003:"b"|};

                public override string ToString() => _sessionId;
            }
            """;
        const string second = """
            public sealed class B
            {
                public static string SessionId { get; } = {|TI1003:"c"|};
            }
            """;
        const string firstFixed = """
            using Tractatus.TestIsolation;

            public sealed class A
            {
                private string _sessionId = TestSession.Current.Id;

                public void Reset() => _sessionId = TestSession.Current.Id;

                public override string ToString() => _sessionId;
            }
            """;
        const string secondFixed = """
            using Tractatus.TestIsolation;

            public sealed class B
            {
                public static string SessionId { get; } = TestSession.Current.Id;
            }
            """;

        var test = Verify.Create(TestProject.Tooling);
        test.TestState.Sources.Add(("/0/A.cs", first));
        test.TestState.Sources.Add(("/0/B.cs", second));
        test.FixedState.Sources.Add(("/0/A.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/B.cs", secondFixed));
        await test.RunAsync();
    }
}
