using EyeOfHorus.Local.State;

namespace EyeOfHorus.Local.Alerts;

/// <summary>What a delivery attempt came to.</summary>
public enum DeliveryResult
{
    Delivered,
    /// <summary>Worth retrying later (receiver down, slow, 5xx, broker unreachable).</summary>
    Retry,
    /// <summary>The receiver refused this alert for good (e.g. HTTP 400): retrying cannot help.</summary>
    Refused,
}

/// <summary>A destination an accepted alert is delivered to from the outbox, with retries (webhook, MQTT).</summary>
public interface IAlertSink : IAsyncDisposable
{
    /// <summary>The outbox's name for this sink (<c>webhook</c>, <c>mqtt</c>).</summary>
    string Name { get; }

    /// <summary>One attempt, bounded in time by the sink itself; <paramref name="error"/> says why when not delivered.</summary>
    Task<(DeliveryResult Result, string? Error)> DeliverAsync(StoredAlert alert, CancellationToken cancellationToken);
}
