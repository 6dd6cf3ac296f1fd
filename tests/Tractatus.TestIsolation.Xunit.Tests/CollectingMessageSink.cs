using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>A diagnostic message sink that keeps the messages it receives, so a test can read what the run reported.</summary>
internal sealed class CollectingMessageSink : LongLivedMarshalByRefObject, IMessageSink
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public bool OnMessage(IMessageSinkMessage message)
    {
        if (message is IDiagnosticMessage diagnostic)
        {
            _messages.Enqueue(diagnostic.Message);
        }

        return true;
    }
}
