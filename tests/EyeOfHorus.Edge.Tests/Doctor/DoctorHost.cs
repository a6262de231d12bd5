using EyeOfHorus.Edge.Doctor;
using EyeOfHorus.Edge.Tests.Publish;

namespace EyeOfHorus.Edge.Tests.Doctor;

/// <summary>A camera host in a temporary folder: its /etc/horus files, passwd and group.</summary>
internal sealed class DoctorHost : IDisposable
{
    private readonly TempFolder _folder = new();

    public DoctorHost()
    {
        Layout = new HostLayout(_folder.File("publish.env"), _folder.File("horus.outputs.json"), _folder.File("aws-credentials"),
            _folder.File("group"), _folder.File("passwd"), _folder.File("state"));
        File.WriteAllText(Layout.PasswdFile, "root:x:0:0:root:/root:/bin/bash\nhorus:x:999:999::/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(Layout.GroupFile, "root:x:0:\nvideo:x:44:horus\nhorus:x:999:\n");
    }

    public HostLayout Layout { get; }

    public string Folder => _folder.Path;

    /// <summary>A host whose clock is synchronised, with room on disk, credentials from the chain and a face engine that loads; each test changes what it checks.</summary>
    /// <param name="s3">Makes the faces bucket's client (local mode); null: none is expected.</param>
    public HostProbe Probe(Func<string?, string, CancellationToken, Task>? chain = null, Func<string?, string, string?, Amazon.S3.IAmazonS3>? s3 = null) => new()
    {
        FacesBucketClient = s3 ?? ((_, _, _) => throw new InvalidOperationException("this test reads no faces bucket")),
        Layout = Layout,
        Clock = () => new ClockReading(true, TimeSpan.FromMilliseconds(12)),
        FreeBytes = _ => 10L << 30,
        ChainCredentials = chain ?? ((_, _, _) => Task.CompletedTask),
        CredentialTimeout = TimeSpan.FromSeconds(2),
        FaceEngineError = _ => null,
    };

    public void Settings(params string[] lines) => File.WriteAllLines(Layout.PublishSettingsFile, lines);

    /// <summary>A deployment's outputs; local mode's have no CollectionId.</summary>
    public void Outputs(string recognition = "stream-processor") => File.WriteAllText(Layout.OutputsFile, $$$"""
        {"EyeOfHorus": {"Region": "eu-west-1", "Recognition": "{{{recognition}}}", "FacesBucket": "faces-bucket"{{{(recognition == "local" ? "" : ", \"CollectionId\": \"eye-of-horus-faces\"")}}},
          "DataStreamName": "eye-of-horus-matches", "DataStreamArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/eye-of-horus-matches",
          "Cameras": "front-door,garage", "CameraStreams": "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage"}}
        """);

    public void Credentials(string content, UnixFileMode mode)
    {
        File.WriteAllText(Layout.CredentialsFile, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Layout.CredentialsFile, mode);
    }

    public void Dispose() => _folder.Dispose();
}
