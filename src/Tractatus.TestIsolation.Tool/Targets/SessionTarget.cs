using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Targets;

/// <summary>One opened target: a PostgreSQL or MongoDB server, a SQLite folder or a state root.</summary>
internal sealed class SessionTarget : IAsyncDisposable
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly SecretRedactor _redactor;

    private SessionTarget(TargetSetting setting, string kind, string location, SecretRedactor redactor)
    {
        Setting = setting;
        Kind = kind;
        Location = location;
        _redactor = redactor;
    }

    public TargetSetting Setting { get; }

    public string Kind { get; }

    public string Location { get; }

    public static Task<(SessionTarget? Target, TargetFailure? Failure)> OpenAsync(TargetSetting setting, SecretRedactor redactor)
    {
        var kind = setting.Kind.ToString().ToLowerInvariant();
        return Task.FromResult<(SessionTarget?, TargetFailure?)>((new SessionTarget(setting, kind, redactor.Redact(setting.Value), redactor), null));
    }

    public Task<IReadOnlyList<ResourceView>> ListAsync(string? onlySessionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ResourceView>>([]);

    public Task<IReadOnlyList<SweepItemView>> SweepAsync(bool dryRun, Action<SweepItemView>? progress, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SweepItemView>>([]);

    public async Task ObserveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var resources = await ListAsync(sessionId, cancellationToken).ConfigureAwait(false);
        lock (_seen)
        {
            _seen.UnionWith(resources.Select(r => r.Name));
        }
    }

    public Task<TargetCleanup> CleanUpSessionAsync(string sessionId)
    {
        lock (_seen)
        {
            return Task.FromResult(new TargetCleanup(Kind, Location, [.. _seen], [], [], []));
        }
    }

    public TargetFailure Failure(Exception exception) =>
        new(Kind, Location, Setting.Source, _redactor.Redact(exception.Message));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
