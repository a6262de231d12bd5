using EyeOfHorus.Local.State;
using Microsoft.Data.Sqlite;

namespace EyeOfHorus.Local.Alerts;

/// <param name="InitialBackoff">Wait after the first failed attempt; doubles up to <see cref="MaxBackoff"/>, with jitter.</param>
/// <param name="Capacity">Pending alerts kept per sink at most; beyond that the oldest are dropped (and counted).</param>
public sealed record DeliveryOptions(TimeSpan InitialBackoff, TimeSpan MaxBackoff, int Capacity = 1000)
{
    public static DeliveryOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
}

public sealed record DeliveryCounters(long Delivered, long Retries, long Refused, long Dropped);

/// <summary>
/// Delivers one sink's pending alerts from the outbox, oldest first, one at a time. A failed attempt
/// is retried after a capped exponential backoff; the alert stays in the outbox meanwhile, so a
/// restart resumes where this left off; so does an outbox that cannot be read or updated for a while
/// (an alert whose delivery could not be recorded is sent again: at least once). The video path only ever adds rows and pokes
/// <see cref="Notify"/>: it never waits for a receiver.
/// </summary>
public sealed class DeliveryWorker(LocalStore store, IAlertSink sink, DeliveryOptions? options = null, TextWriter? log = null, TimeProvider? time = null)
{
    private readonly DeliveryOptions _options = options ?? DeliveryOptions.Default;
    private readonly TextWriter _log = log ?? TextWriter.Null;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _delivered, _retries, _refused, _dropped;
    private TimeSpan _backoff;

    public string Sink => sink.Name;

    public DeliveryCounters Counters => new(Interlocked.Read(ref _delivered), Interlocked.Read(ref _retries), Interlocked.Read(ref _refused), Interlocked.Read(ref _dropped));

    /// <summary>A new alert is in the outbox.</summary>
    public void Notify()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already awake
    }

    public int Pending => store.PendingCount(sink.Name);

    public async Task RunAsync(CancellationToken stop)
    {
        _backoff = _options.InitialBackoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!await DeliverPendingAsync(stop).ConfigureAwait(false)) return;
            }
            catch (SqliteException ex)
            {
                // The outbox itself failed (disk full, the database locked elsewhere): the alerts stay where they are.
                var wait = Jitter(_backoff);
                _log.WriteLine($"{sink.Name}: the outbox in {store.Path} cannot be read or updated ({ex.Message}); trying again in {wait.TotalSeconds:0.#} s");
                if (!await PauseAsync(wait, stop).ConfigureAwait(false)) return;
                _backoff = Doubled(_backoff);
            }
        }
    }

    // One pass over the oldest pending alerts (or a wait for new ones); false once stopped.
    private async Task<bool> DeliverPendingAsync(CancellationToken stop)
    {
        var dropped = store.TrimPending(sink.Name, _options.Capacity);
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
            _log.WriteLine($"{sink.Name}: queue full, dropped the {dropped} oldest alert(s)");
        }
        var batch = store.Pending(sink.Name, 16);
        if (batch.Count == 0)
        {
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(5), stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { return false; }
            return true;
        }
        foreach (var alert in batch)
        {
            if (stop.IsCancellationRequested) return false;
            var (result, error) = await AttemptAsync(alert, stop).ConfigureAwait(false);
            if (result == DeliveryResult.Delivered)
            {
                store.SetDelivery(alert.Id, sink.Name, "delivered");
                Interlocked.Increment(ref _delivered);
                _backoff = _options.InitialBackoff;
                continue;
            }
            if (result == DeliveryResult.Refused)
            {
                store.SetDelivery(alert.Id, sink.Name, "failed", error);
                Interlocked.Increment(ref _refused);
                _log.WriteLine($"{sink.Name}: alert {alert.Id} refused for good: {error}");
                continue;
            }
            if (stop.IsCancellationRequested) return false; // the attempt was cut short by the stop: stays pending
            store.RecordAttempt(alert.Id, sink.Name, error ?? "failed");
            Interlocked.Increment(ref _retries);
            var wait = Jitter(_backoff);
            _log.WriteLine($"{sink.Name}: alert {alert.Id} not delivered ({error}); retrying in {wait.TotalSeconds:0.#} s");
            if (!await PauseAsync(wait, stop).ConfigureAwait(false)) return false;
            _backoff = Doubled(_backoff);
            return true; // re-read the outbox: oldest first again
        }
        return true;
    }

    private async Task<bool> PauseAsync(TimeSpan wait, CancellationToken stop)
    {
        try { await Task.Delay(wait, _time, stop).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
        return true;
    }

    private TimeSpan Doubled(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, backoff.Ticks * 2));

    /// <summary>Delivers what is pending for up to <paramref name="timeout"/> (the clean stop); true when nothing is left.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        foreach (var alert in store.Pending(sink.Name, _options.Capacity))
        {
            var (result, error) = await AttemptAsync(alert, bound.Token).ConfigureAwait(false);
            if (result == DeliveryResult.Delivered) { store.SetDelivery(alert.Id, sink.Name, "delivered"); Interlocked.Increment(ref _delivered); }
            else if (result == DeliveryResult.Refused) { store.SetDelivery(alert.Id, sink.Name, "failed", error); Interlocked.Increment(ref _refused); }
            else break;
            if (bound.IsCancellationRequested) break;
        }
        return store.PendingCount(sink.Name) == 0;
    }

    private async Task<(DeliveryResult, string?)> AttemptAsync(StoredAlert alert, CancellationToken ct)
    {
        try { return await sink.DeliverAsync(alert, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { return (DeliveryResult.Retry, "stopped"); }
#pragma warning disable CA1031 // a sink's unexpected failure is one failed attempt, never the end of delivery
        catch (Exception ex) { return (DeliveryResult.Retry, ex.Message); }
#pragma warning restore CA1031
    }

    private static TimeSpan Jitter(TimeSpan backoff) =>
        TimeSpan.FromTicks((long)(backoff.Ticks * (0.75 + (Random.Shared.NextDouble() * 0.5))));
}
