using System.Globalization;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;

namespace EyeOfHorus.MatchAlerter;

/// <summary>Who holds a (camera, subject) cooldown window, as seen by one claim.</summary>
public enum ClaimOutcome
{
    /// <summary>The window is ours, fresh: publish.</summary>
    Claimed,
    /// <summary>We claimed it earlier (a retry) and have not marked it sent: publish.</summary>
    OwnPending,
    /// <summary>We claimed it and published already: nothing to do.</summary>
    OwnSent,
    /// <summary>Another record holds the window: this sighting is part of that visit.</summary>
    HeldByOther,
}

public readonly record struct Claim(ClaimOutcome Outcome, DateTimeOffset WindowEnds);

/// <summary>
/// A DynamoDB call failed after the client's retries (rejected, or no answer). Either way the record
/// is retried: a claim that was applied after all is recognised as ours by its token.
/// </summary>
public sealed class CooldownTableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The cooldown table: one item per (camera, subject) key holding the current visit window
/// (in frame time), the claim token of the record that opened it, and its state
/// (<c>pending</c> until the alert is published, then <c>sent</c>). Key and TTL attribute: <see cref="CooldownItems"/>.
/// </summary>
public sealed class CooldownTable(DynamoDbClient dynamo, string tableName, TimeProvider clock)
{
    private const string Pending = "pending";
    private const string Sent = "sent";
    // The item outlives its window by this much so that TTL never deletes a window still in use
    // when frame time runs ahead of the clock.
    private static readonly TimeSpan TtlSlack = TimeSpan.FromHours(1);

    /// <summary>
    /// Claims the window [<paramref name="frameTime"/>, +<paramref name="cooldown"/>) for
    /// <paramref name="token"/> unless an unexpired window holds the key. A claim that was already
    /// ours (a retry, also after an unknown outcome) is recognised by its token.
    /// </summary>
    /// <exception cref="CooldownTableException">DynamoDB rejected the call, or its outcome is unknown.</exception>
    public async Task<Claim> ClaimAsync(string key, string token, DateTimeOffset frameTime, TimeSpan cooldown, string camera, string subject, CancellationToken ct)
    {
        var windowEnds = frameTime + cooldown;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName,
                    Item = new()
                    {
                        [CooldownItems.PartitionKey] = AttributeValue.String(key),
                        ["claim"] = AttributeValue.String(token),
                        ["state"] = AttributeValue.String(Pending),
                        ["windowStarts"] = Millis(frameTime),
                        ["windowEnds"] = Millis(windowEnds),
                        [CooldownItems.TimeToLive] = new() { N = TtlSeconds(windowEnds) },
                        ["camera"] = AttributeValue.String(camera),
                        ["subject"] = AttributeValue.String(subject),
                    },
                    ConditionExpression = $"attribute_not_exists({CooldownItems.PartitionKey}) OR attribute_not_exists(windowEnds) OR windowEnds <= :t",
                    ExpressionAttributeValues = new() { [":t"] = Millis(frameTime) },
                }, ct).ConfigureAwait(false);
                return new Claim(ClaimOutcome.Claimed, windowEnds);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == DynamoDbClient.ConditionalCheckFailed)
            {
                // Someone holds the window: find out who.
            }
            catch (Exception ex) when (Failure(ex, "claim", key, ct) is { } failure)
            {
                throw failure;
            }

            Dictionary<string, AttributeValue>? item;
            try
            {
                item = (await dynamo.GetItemAsync(new GetItemRequest
                {
                    TableName = tableName,
                    Key = new() { [CooldownItems.PartitionKey] = AttributeValue.String(key) },
                    ConsistentRead = true,
                }, ct).ConfigureAwait(false)).Item;
            }
            catch (Exception ex) when (Failure(ex, "read", key, ct) is { } failure)
            {
                throw failure;
            }
            var holderEnds = item is not null && item.TryGetValue("windowEnds", out var e) && long.TryParse(e.N, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            if (item is not null && item.TryGetValue("claim", out var claim) && claim.S == token)
            {
                var state = item.TryGetValue("state", out var s) ? s.S : null;
                return new Claim(state == Sent ? ClaimOutcome.OwnSent : ClaimOutcome.OwnPending, holderEnds ?? windowEnds);
            }
            if (holderEnds is { } ends && ends > frameTime) return new Claim(ClaimOutcome.HeldByOther, ends);
            // The item changed or expired between the write and the read: try again.
            if (attempt >= 3) throw new CooldownTableException($"Cooldown claim for {key} kept racing with other writers.", new InvalidOperationException("claim race"));
        }
    }

    /// <summary>
    /// Marks our claim as published, trying a few times more than the client does: until it is
    /// recorded, a redelivery of this record would publish the alert again.
    /// False when it could not be recorded (the caller logs it; the alert did go out).
    /// </summary>
    public async Task<bool> MarkSentAsync(string key, string token, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = new() { [CooldownItems.PartitionKey] = AttributeValue.String(key) },
                    UpdateExpression = "SET #state = :sent, sentAt = :now",
                    ConditionExpression = "claim = :token",
                    ExpressionAttributeNames = new() { ["#state"] = "state" },
                    ExpressionAttributeValues = new()
                    {
                        [":sent"] = AttributeValue.String(Sent),
                        [":token"] = AttributeValue.String(token),
                        [":now"] = Millis(clock.GetUtcNow()),
                    },
                }, ct).ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == DynamoDbClient.ConditionalCheckFailed)
            {
                return true; // a later visit took the key over: nothing of ours to mark
            }
            catch (Exception ex) when (Failure(ex, "mark sent", key, ct) is not null)
            {
                if (attempt >= MarkSentAttempts) return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10 << attempt), clock, ct).ConfigureAwait(false);
        }
    }

    private const int MarkSentAttempts = 4;

    private string TtlSeconds(DateTimeOffset windowEnds)
    {
        var now = clock.GetUtcNow();
        var end = (windowEnds > now ? windowEnds : now) + TtlSlack;
        return end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static AttributeValue Millis(DateTimeOffset time) => AttributeValue.Number(time.ToUnixTimeMilliseconds());

    /// <summary>
    /// The service answered with an error code (rejected), or gave no usable answer after the
    /// client's retries (timeouts, resets, unreadable answers). Cancellation by the caller is not a
    /// failure of the table and is not caught.
    /// </summary>
    private static CooldownTableException? Failure(Exception ex, string what, string key, CancellationToken ct) => ex switch
    {
        _ when ct.IsCancellationRequested => null,
        AwsServiceException service =>
            new CooldownTableException($"Cooldown {what} for {key} rejected: {service.StatusCode} {service.ErrorCode}.", ex),
        AwsTransportException =>
            new CooldownTableException($"Cooldown {what} for {key}: no answer ({ex.Message}).", ex),
        _ => null,
    };
}
