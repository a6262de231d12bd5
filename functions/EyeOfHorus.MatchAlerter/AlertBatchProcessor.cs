using System.Buffers.Text;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.MatchAlerter;

/// <summary>What happened to one batch, for logs and tests.</summary>
public sealed record BatchOutcome(BatchResponse Response, int Malformed, int Sightings, int Published, int Suppressed);

/// <summary>
/// One Kinesis batch → alerts. Records are handled in sequence order; each sighting either falls
/// in a visit window already known (suppressed) or claims its (camera, subject) window in the
/// cooldown table with the record's id as claim token, publishes, and marks the window sent.
///
/// Failure semantics:
/// - malformed records are logged with their sequence number and skipped;
/// - a failed claim or publish (rejected or unknown outcome) reports that record in
///   batchItemFailures and stops the batch: Lambda redelivers from the lowest reported record, so
///   nothing after it may publish now (a redelivered record that had published would publish twice);
/// - the retry recognises its own pending claim by token and publishes; a claim marked sent is not
///   published again. Only a publish whose outcome was unknown can therefore repeat, once per fault;
/// - failing to mark a window sent is logged, not reported: the alert went out.
/// </summary>
public sealed class AlertBatchProcessor(AlertPolicy policy, CooldownTable cooldown, AlertPublisher publisher, Action<string> log)
{
    public async Task<BatchOutcome> ProcessAsync(KinesisEvent kinesisEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kinesisEvent);
        int malformed = 0, sightingCount = 0, published = 0, suppressed = 0;
        var knownWindows = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var item in kinesisEvent.Records ?? [])
        {
            var sequenceNumber = item?.Kinesis?.SequenceNumber;
            if (string.IsNullOrEmpty(sequenceNumber))
            {
                malformed++;
                log($"Skipped a Kinesis record without a sequence number (event id {item?.EventId ?? "none"}).");
                continue;
            }
            if (!TryDecode(item!.Kinesis!, out var record, out var error))
            {
                malformed++;
                log($"Skipped malformed record {sequenceNumber}: {error}");
                continue;
            }
            var arrival = item.Kinesis!.ApproximateArrivalTimestamp is > 0 and < 253402300799 and var a
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(a * 1000)) : DateTimeOffset.UtcNow;
            var token = item.EventId is { Length: > 0 } id ? id : sequenceNumber;
            foreach (var sighting in policy.Decide(record!, arrival))
            {
                sightingCount++;
                var key = sighting.CooldownKey;
                if (knownWindows.TryGetValue(key, out var ends) && sighting.Time < ends)
                {
                    suppressed++;
                    continue;
                }
                var result = await AlertAsync(sighting, key, token, sequenceNumber, ct).ConfigureAwait(false);
                if (result is null)
                    return new BatchOutcome(new BatchResponse([new BatchItemFailure(sequenceNumber)]), malformed, sightingCount, published, suppressed);
                knownWindows[key] = result.Value.WindowEnds;
                if (result.Value.Published) published++; else suppressed++;
            }
        }
        return new BatchOutcome(new BatchResponse([]), malformed, sightingCount, published, suppressed);
    }

    /// <summary>Null when the record must be retried.</summary>
    private async Task<(bool Published, DateTimeOffset WindowEnds)?> AlertAsync(Sighting sighting, string key, string token, string sequenceNumber, CancellationToken ct)
    {
        Claim claim;
        try
        {
            claim = await cooldown.ClaimAsync(key, token, sighting.Time, policy.Settings.Cooldown, sighting.Camera, sighting.Subject.ToString(), ct).ConfigureAwait(false);
        }
        catch (CooldownTableException ex)
        {
            log($"Record {sequenceNumber}: {ex.Message} Reporting it for retry.");
            return null;
        }
        if (claim.Outcome is ClaimOutcome.HeldByOther or ClaimOutcome.OwnSent) return (false, claim.WindowEnds);

        try
        {
            await publisher.PublishAsync(sighting, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            log($"Record {sequenceNumber}: alert for {sighting.Subject} at {sighting.Camera} rejected by SNS ({ex.StatusCode} {ex.ErrorCode}); reporting it for retry.");
            return null;
        }
        catch (AwsTransportException ex)
        {
            log($"Record {sequenceNumber}: alert for {sighting.Subject} at {sighting.Camera} has an unknown outcome ({ex.Message}); reporting it for retry, which may repeat it.");
            return null;
        }
        if (!await cooldown.MarkSentAsync(key, token, ct).ConfigureAwait(false))
            log($"Record {sequenceNumber}: alert for {sighting.Subject} at {sighting.Camera} published, but its cooldown could not be marked sent.");
        return (true, claim.WindowEnds);
    }

    private static bool TryDecode(KinesisData data, out MatchRecord? record, out string? error)
    {
        record = null;
        var base64 = data.Data ?? "";
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            error = "the data is not base64.";
            return false;
        }
        return MatchRecordCodec.TryDecode(bytes.AsSpan(0, length), out record, out error);
    }
}
