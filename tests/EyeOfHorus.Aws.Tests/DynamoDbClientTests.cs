using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Aws.Tests;

/// <summary>The DynamoDB item operations (JSON 1.0) against dynalite.</summary>
public sealed class DynamoDbClientTests : IAsyncLifetime
{
    private readonly Dynalite _dynalite = new();
    private string _table = null!;
    private DynamoDbClient _client = null!;

    public async Task InitializeAsync()
    {
        await _dynalite.StartAsync();
        _table = await CooldownTables.CreateAsync(_dynalite.Endpoint, "items");
        _client = CooldownTables.AlerterClient(_dynalite.Endpoint, maxErrorRetry: 0);
    }

    public async Task DisposeAsync() => await _dynalite.DisposeAsync();

    private PutItemRequest Put(string pk, long version) => new()
    {
        TableName = _table,
        Item = new() { ["pk"] = AttributeValue.String(pk), ["version"] = AttributeValue.Number(version), ["state"] = AttributeValue.String("pending") },
        ConditionExpression = "attribute_not_exists(pk) OR version < :v",
        ExpressionAttributeValues = new() { [":v"] = AttributeValue.Number(version) },
    };

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk) =>
        (await _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = new() { ["pk"] = AttributeValue.String(pk) }, ConsistentRead = true })).Item;

    [Fact]
    public async Task A_conditional_put_writes_once_and_a_failed_condition_is_a_service_error_not_retried()
    {
        await _client.PutItemAsync(Put("a", 2));
        var failed = await Assert.ThrowsAsync<AwsServiceException>(() => _client.PutItemAsync(Put("a", 1)));
        Assert.Equal((400, DynamoDbClient.ConditionalCheckFailed), (failed.StatusCode, failed.ErrorCode));
        Assert.False(failed.IsRetryable);
        Assert.Equal("2", (await GetAsync("a"))!["version"].N);
        await _client.PutItemAsync(Put("a", 3)); // the condition holds again
        Assert.Equal("3", (await GetAsync("a"))!["version"].N);
    }

    [Fact]
    public async Task A_missing_item_reads_as_null()
    {
        Assert.Null(await GetAsync("nobody"));
    }

    [Fact]
    public async Task A_conditional_update_with_attribute_names_sets_members_only_when_the_condition_holds()
    {
        await _client.PutItemAsync(Put("b", 1));
        UpdateItemRequest Update(long expected) => new()
        {
            TableName = _table,
            Key = new() { ["pk"] = AttributeValue.String("b") },
            UpdateExpression = "SET #state = :sent, sentAt = :now",
            ConditionExpression = "version = :expected",
            ExpressionAttributeNames = new() { ["#state"] = "state" },
            ExpressionAttributeValues = new() { [":sent"] = AttributeValue.String("sent"), [":now"] = AttributeValue.Number(42), [":expected"] = AttributeValue.Number(expected) },
        };
        var failed = await Assert.ThrowsAsync<AwsServiceException>(() => _client.UpdateItemAsync(Update(7)));
        Assert.Equal(DynamoDbClient.ConditionalCheckFailed, failed.ErrorCode);
        Assert.Equal("pending", (await GetAsync("b"))!["state"].S);

        await _client.UpdateItemAsync(Update(1));
        var item = (await GetAsync("b"))!;
        Assert.Equal(("sent", "42"), (item["state"].S, item["sentAt"].N));
    }

    [Fact]
    public async Task An_unknown_table_is_named_in_the_error()
    {
        var failed = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _client.GetItemAsync(new GetItemRequest { TableName = "no-such-table", Key = new() { ["pk"] = AttributeValue.String("x") } }));
        Assert.Equal("ResourceNotFoundException", failed.ErrorCode);
    }
}
