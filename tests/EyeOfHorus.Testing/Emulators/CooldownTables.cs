using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace EyeOfHorus.Testing.Emulators;

/// <summary>The alerter's cooldown table (pk S, on-demand), as the stack defines it, on dynalite.</summary>
public static class CooldownTables
{
    public const string Region = "us-east-1";

    /// <summary>A DynamoDB client for dynalite (it accepts any key pair).</summary>
    public static AmazonDynamoDBClient Client(Uri dynalite, TimeSpan? timeout = null, int maxErrorRetry = 4) =>
        new(new BasicAWSCredentials("AKIDTEST", "test-secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = dynalite.AbsoluteUri,
            AuthenticationRegion = Region,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxErrorRetry = maxErrorRetry,
        });

    /// <summary>
    /// The alerter's own client (EyeOfHorus.Aws) for dynalite or a proxy in front of it: <paramref name="maxErrorRetry"/>
    /// retries after the first attempt, with millisecond backoff.
    /// </summary>
    public static EyeOfHorus.Aws.DynamoDbClient AlerterClient(Uri endpoint, TimeSpan? timeout = null, int maxErrorRetry = 4) =>
        new(new EyeOfHorus.Aws.AwsClientOptions
        {
            Region = Region,
            Credentials = new EyeOfHorus.Aws.StaticCredentialSource(new EyeOfHorus.Aws.AwsCredentials("AKIDTEST", "test-secret")),
            Endpoint = endpoint,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxAttempts = maxErrorRetry + 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(20),
        });

    /// <summary>Creates the table and waits until it is ACTIVE.</summary>
    public static Task<string> CreateAsync(Uri dynalite, string name) => PartitionKeyTables.CreateAsync(dynalite, name);
}

/// <summary>The FaceIndexer's photo ledger (pk S, on-demand), as the stack defines it, on dynalite.</summary>
public static class LedgerTables
{
    public static Task<string> CreateAsync(Uri dynalite, string name) => PartitionKeyTables.CreateAsync(dynalite, name);
}

/// <summary>A table keyed by the string partition key <c>pk</c> alone (both of the stack's tables).</summary>
public static class PartitionKeyTables
{
    /// <summary>Creates the table and waits until it is ACTIVE.</summary>
    public static async Task<string> CreateAsync(Uri dynalite, string name)
    {
        using var dynamo = CooldownTables.Client(dynalite);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        }).ConfigureAwait(false);
        while ((await dynamo.DescribeTableAsync(name).ConfigureAwait(false)).Table.TableStatus != TableStatus.ACTIVE)
            await Task.Delay(10).ConfigureAwait(false);
        return name;
    }
}
