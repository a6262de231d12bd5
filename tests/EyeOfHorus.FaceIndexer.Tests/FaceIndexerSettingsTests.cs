namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>The Lambda environment the stack sets (infra: FaceIndexerFunction) read into settings.</summary>
public sealed class FaceIndexerSettingsTests
{
    private static readonly Dictionary<string, string?> Stack = new()
    {
        ["COLLECTION_ID"] = "horus-faces",
        ["TOPIC_ARN"] = "arn:aws:sns:eu-west-1:123456789012:alerts",
        ["LEDGER_TABLE"] = "horus-photo-ledger",
        ["FACES_PREFIX"] = "people/",
    };

    [Fact]
    public void Reads_every_variable_the_stack_sets()
    {
        var settings = FaceIndexerSettings.FromEnvironment(name => Stack.GetValueOrDefault(name));

        Assert.Equal(new FaceIndexerSettings("horus-faces", "arn:aws:sns:eu-west-1:123456789012:alerts", "horus-photo-ledger", "people/"), settings);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Lease);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.LeaseWait);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void The_faces_prefix_defaults_to_faces(string? prefix)
    {
        var environment = new Dictionary<string, string?>(Stack) { ["FACES_PREFIX"] = prefix };

        Assert.Equal("faces/", FaceIndexerSettings.FromEnvironment(name => environment.GetValueOrDefault(name)).FacesPrefix);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("stream-processor")]
    [InlineData("edge")]
    public void Every_recognition_mode_but_local_indexes_in_the_collection(string? mode)
    {
        var environment = new Dictionary<string, string?>(Stack) { ["RECOGNITION"] = mode };

        var settings = FaceIndexerSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
        Assert.Equal((false, "horus-faces"), (settings.LocalEngine, settings.CollectionId));
    }

    [Fact]
    public async Task Null_arguments_are_refused_by_name()
    {
        Assert.Equal("variable", Assert.Throws<ArgumentNullException>(() => FaceIndexerSettings.FromEnvironment(null!)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => new Function(null!, null, null!, null!, null!, TextWriter.Null)).ParamName);
        var settings = FaceIndexerSettings.FromEnvironment(name => Stack.GetValueOrDefault(name));
        var indexer = new PhotoIndexer(settings, null, null!, null!, null!);
        Assert.Equal("record", (await Assert.ThrowsAsync<ArgumentNullException>(() => indexer.HandleAsync(null!))).ParamName);
    }

    [Theory]
    [InlineData("COLLECTION_ID", null)]
    [InlineData("TOPIC_ARN", "")]
    [InlineData("LEDGER_TABLE", null)]
    public void A_missing_required_variable_is_named(string name, string? value)
    {
        var environment = new Dictionary<string, string?>(Stack) { [name] = value };

        var error = Assert.Throws<InvalidOperationException>(() => FaceIndexerSettings.FromEnvironment(n => environment.GetValueOrDefault(n)));
        Assert.Equal($"FaceIndexer needs the environment variable {name}.", error.Message);
    }
}
