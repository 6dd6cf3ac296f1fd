using Tractatus.TestIsolation.Run;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>Starts the run with its messages going to xUnit's diagnostic sink as well as to the console.</summary>
internal static class XunitRunOutput
{
    internal static SessionRun Start(IMessageSink diagnostics) =>
        SessionRun.Start(new SessionRunOptions { Log = message => diagnostics.OnMessage(new DiagnosticMessage(message)) });
}
