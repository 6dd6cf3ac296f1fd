using System.Collections.Concurrent;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// Session databases cloned from the template ahead of time, so a create hands one out instead of paying
/// for <c>CREATE DATABASE … TEMPLATE</c> on the caller's critical path. Every pooled database is an ordinary
/// leased database of one session and prefix (created by the provider's own create path), so heartbeats
/// renew it and a crashed process leaves it to the normal lease sweep.
/// </summary>
/// <remarks>
/// One background worker at a time tops the pool up, one clone after the other: the machines this runs
/// on are small, and parallel clones would only compete with the tests for the same disk and cores.
/// A failure of the worker is kept and thrown by the next <see cref="ThrowIfFailed"/>, never left unobserved.
/// </remarks>
internal sealed class PostgreSqlClonePool : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<string>> _create;
    private readonly Func<string, Task> _drop;
    private readonly int _size;
    private readonly ConcurrentQueue<string> _ready = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task _worker = Task.CompletedTask;
    private bool _running;
    private bool _disposed;
    private Exception? _failure;

    /// <param name="sessionId">The session every pooled database belongs to.</param>
    /// <param name="prefix">The prefix every pooled database is named with.</param>
    /// <param name="size">How many ready databases to keep.</param>
    /// <param name="create">Creates one leased clone and returns its name.</param>
    /// <param name="drop">Drops a clone that was never handed out.</param>
    public PostgreSqlClonePool(string sessionId, string prefix, int size, Func<CancellationToken, Task<string>> create, Func<string, Task> drop)
    {
        SessionId = sessionId;
        Prefix = prefix;
        _size = size;
        _create = create;
        _drop = drop;
    }

    public string SessionId { get; }

    public string Prefix { get; }

    /// <summary>Throws what the background worker failed with since the last call (once; the next refill tries again).</summary>
    public void ThrowIfFailed()
    {
        Exception? failure;
        lock (_gate)
        {
            failure = _failure;
            _failure = null;
        }

        if (failure is not null)
        {
            throw new InvalidOperationException(
                $"Cloning a database for the template pool (PostgreSqlProviderOptions.TemplatePoolSize) in the background failed: {failure.Message} "
                + "The pool tries again on the next create; set TemplatePoolSize to 0 to clone only on demand.",
                failure);
        }
    }

    /// <summary>Takes a ready database, if there is one. Does not wait for one being cloned.</summary>
    public bool TryTake(out string name) => _ready.TryDequeue(out name!);

    /// <summary>Starts the background worker unless it runs already, the pool is full, failed or disposed.</summary>
    public void Refill()
    {
        lock (_gate)
        {
            if (_running || _disposed || _failure is not null || _ready.Count >= _size)
            {
                return;
            }

            _running = true;
            _worker = Task.Run(FillAsync);
        }
    }

    /// <summary>Completes when the worker stopped: the pool is full, the refill failed or the pool was disposed.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _worker;
        }
    }

    /// <summary>Stops the worker (cancelling a clone in flight) and drops every database that was never handed out.</summary>
    public async ValueTask DisposeAsync()
    {
        Task worker;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            worker = _worker;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await worker.ConfigureAwait(false); // FillAsync catches everything: it never throws

        List<Exception>? failures = null;
        while (_ready.TryDequeue(out var name))
        {
            try
            {
                await _drop(name).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Keep dropping the others; the lease sweep removes what is left once the leases expire.
                (failures ??= []).Add(e);
            }
        }

        _stop.Dispose();
        if (failures is not null)
        {
            throw new AggregateException("Could not drop every unused database of the template pool; the lease sweep removes the rest once their leases expire.", failures);
        }
    }

    private async Task FillAsync()
    {
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    // Checked under the gate, where Refill looks at _running: a take that happens right after
                    // this check sees the worker stopped and starts a new one.
                    if (_disposed || _ready.Count >= _size)
                    {
                        _running = false;
                        return;
                    }
                }

                var name = await _create(_stop.Token).ConfigureAwait(false);
                _ready.Enqueue(name); // when disposed meanwhile, DisposeAsync drops it after awaiting this worker
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                _running = false;
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                // A clone cut short by DisposeAsync is no failure anybody needs to hear about.
                _failure = _disposed ? null : e;
                _running = false;
            }
        }
    }
}
