namespace DocumentApi;

/// <summary>
/// Plays the tooling that records instructions while a test run is going on: calls an append
/// action every few milliseconds until stopped, and counts what succeeded.
/// </summary>
public sealed class BackgroundRecorder
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _appended;
    private int _errors;
    private string? _firstError;

    public BackgroundRecorder(Action<int> append, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            for (var i = 1; !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    append(i);
                    Interlocked.Increment(ref _appended);
                }
                catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
                {
                    // The unlocked tooling reads half-written files now and then; count it, keep recording.
                    Interlocked.Increment(ref _errors);
                    Interlocked.CompareExchange(ref _firstError, ex.GetType().Name + ": " + ex.Message, null);
                }

                try
                {
                    await Task.Delay(interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    /// <summary>Appends that completed (the entries this session believes it wrote).</summary>
    public int Appended => Volatile.Read(ref _appended);

    /// <summary>Appends that threw.</summary>
    public int Errors => Volatile.Read(ref _errors);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Stops recording and waits for the append in progress.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await _loop;
    }
}
