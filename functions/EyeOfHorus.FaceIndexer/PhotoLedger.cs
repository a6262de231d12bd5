using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace EyeOfHorus.FaceIndexer;

/// <summary>A face in the collection, as the ledger knows it: which version of the photo it came from.</summary>
public sealed record LedgerFace(string FaceId, string Version, string ImageId);

/// <summary>What the ledger holds for one photo key.</summary>
/// <param name="Rejections">Versions already rejected (and their uploaders told), with the reason code.</param>
public sealed record PhotoEntry(IReadOnlyList<LedgerFace> Faces, IReadOnlyDictionary<string, string> Rejections);

/// <summary>Another invocation holds the photo's lease for longer than we wait: Lambda retries the event later.</summary>
public sealed class PhotoBusyException(string key, TimeSpan waited)
    : Exception($"Another invocation is reconciling {key}; waited {waited.TotalSeconds:0.#} s for it (the invocation fails so that Lambda retries it).");

/// <summary>
/// The FaceIndexer's DynamoDB table (partition key <c>pk</c> = the photo's object key): one item per
/// photo key holding the faces indexed from it (<c>f:&lt;faceId&gt;</c> = {v: version, i: ImageId}),
/// the versions rejected so far (<c>r:&lt;version&gt;</c> = reason) and a lease (<c>lease</c> = holder,
/// <c>leaseUntil</c> = epoch ms) that lets one invocation at a time reconcile the key. It is the
/// index that finds a photo's faces without listing the collection, and the conditional write that
/// keeps two deliveries of one event from both indexing or both notifying.
/// </summary>
public sealed class PhotoLedger(IAmazonDynamoDB dynamo, string tableName, TimeProvider clock)
{
    public const string PartitionKey = "pk";
    private const string FacePrefix = "f:";
    private const string RejectionPrefix = "r:";
    private const string Lease = "lease";
    private const string LeaseUntil = "leaseUntil";

    /// <summary>
    /// Takes the key's lease for <paramref name="lease"/>, waiting up to <paramref name="wait"/> while
    /// another invocation holds it; returns what the ledger holds for the key. A lease not released
    /// (its holder crashed or timed out) is free once it expires, so it must outlast the function's timeout.
    /// </summary>
    /// <exception cref="PhotoBusyException">The lease stayed taken for <paramref name="wait"/>.</exception>
    public async Task<PhotoEntry> AcquireAsync(string key, string holder, TimeSpan lease, TimeSpan wait, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var now = clock.GetUtcNow();
            try
            {
                var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = KeyOf(key),
                    UpdateExpression = "SET #lease = :holder, #until = :until",
                    ConditionExpression = "attribute_not_exists(#lease) OR #until < :now OR #lease = :holder",
                    ExpressionAttributeNames = new() { ["#lease"] = Lease, ["#until"] = LeaseUntil },
                    ExpressionAttributeValues = new()
                    {
                        [":holder"] = new() { S = holder },
                        [":until"] = Millis(now + lease),
                        [":now"] = Millis(now),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                }, ct).ConfigureAwait(false);
                return EntryOf(response.Attributes);
            }
            catch (ConditionalCheckFailedException)
            {
                var waited = clock.GetElapsedTime(started);
                if (waited >= wait) throw new PhotoBusyException(key, waited);
                await Task.Delay(pause, clock, ct).ConfigureAwait(false);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 500));
            }
        }
    }

    /// <summary>Gives the lease back (only if we still hold it).</summary>
    public async Task ReleaseAsync(string key, string holder, CancellationToken ct)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(key),
                UpdateExpression = "REMOVE #lease, #until",
                ConditionExpression = "#lease = :holder",
                ExpressionAttributeNames = new() { ["#lease"] = Lease, ["#until"] = LeaseUntil },
                ExpressionAttributeValues = new() { [":holder"] = new() { S = holder } },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // It expired and another invocation took it: nothing of ours to give back.
        }
    }

    /// <summary>Records faces indexed from <paramref name="version"/> (one IndexFaces call: one ImageId).</summary>
    public Task AddFacesAsync(string key, string version, string imageId, IReadOnlyList<string> faceIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>
        {
            [":face"] = new() { M = new() { ["v"] = new() { S = version }, ["i"] = new() { S = imageId } } },
        };
        var sets = new List<string>();
        for (var i = 0; i < faceIds.Count; i++)
        {
            names["#f" + i.ToString(CultureInfo.InvariantCulture)] = FacePrefix + faceIds[i];
            sets.Add($"#f{i.ToString(CultureInfo.InvariantCulture)} = :face");
        }
        return sets.Count == 0 ? Task.CompletedTask : UpdateAsync(key, "SET " + string.Join(", ", sets), names, values, ct);
    }

    /// <summary>Forgets faces (after DeleteFaces), and rejections (when the uploader could not be told after all).</summary>
    public Task ForgetAsync(string key, IEnumerable<string> faceIds, IEnumerable<string> rejectedVersions, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        foreach (var id in faceIds) names["#n" + names.Count.ToString(CultureInfo.InvariantCulture)] = FacePrefix + id;
        foreach (var version in rejectedVersions) names["#n" + names.Count.ToString(CultureInfo.InvariantCulture)] = RejectionPrefix + version;
        return names.Count == 0 ? Task.CompletedTask : UpdateAsync(key, "REMOVE " + string.Join(", ", names.Keys), names, null, ct);
    }

    /// <summary>Marks <paramref name="version"/> rejected for <paramref name="reason"/>; false if it was marked already.</summary>
    public async Task<bool> MarkRejectedAsync(string key, string version, string reason, CancellationToken ct)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(key),
                UpdateExpression = "SET #r = :reason",
                ConditionExpression = "attribute_not_exists(#r)",
                ExpressionAttributeNames = new() { ["#r"] = RejectionPrefix + version },
                ExpressionAttributeValues = new() { [":reason"] = new() { S = reason } },
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private Task UpdateAsync(string key, string expression, Dictionary<string, string> names, Dictionary<string, AttributeValue>? values, CancellationToken ct) =>
        dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = KeyOf(key),
            UpdateExpression = expression,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, ct);

    private static Dictionary<string, AttributeValue> KeyOf(string key) => new() { [PartitionKey] = new() { S = key } };

    private static AttributeValue Millis(DateTimeOffset time) => new() { N = time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };

    private static PhotoEntry EntryOf(Dictionary<string, AttributeValue>? item)
    {
        var faces = new List<LedgerFace>();
        var rejections = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item is null) return new PhotoEntry(faces, rejections);
        foreach (var (name, value) in item)
        {
            if (name.StartsWith(FacePrefix, StringComparison.Ordinal) && value.M is { } face)
                faces.Add(new LedgerFace(name[FacePrefix.Length..], face["v"].S, face["i"].S));
            else if (name.StartsWith(RejectionPrefix, StringComparison.Ordinal))
                rejections[name[RejectionPrefix.Length..]] = value.S;
        }
        return new PhotoEntry(faces, rejections);
    }
}
