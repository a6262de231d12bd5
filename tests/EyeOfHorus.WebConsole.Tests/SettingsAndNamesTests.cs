using System.Net;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The console's address and password settings, and the names it lets touch the disk.</summary>
public sealed class SettingsAndNamesTests
{
    private const string Password = "correct horse battery";
    private static string? NoEnv(string name) => null;

    [Theory]
    [InlineData(null, "127.0.0.1:8420")]
    [InlineData("", "127.0.0.1:8420")]
    [InlineData("   ", "127.0.0.1:8420")]
    [InlineData(" 127.0.0.1:9000 ", "127.0.0.1:9000")]
    [InlineData("localhost:9001", "127.0.0.1:9001")]
    [InlineData("LocalHost:9002", "127.0.0.1:9002")]
    [InlineData("[::1]:9003", "[::1]:9003")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("127.0.0.1:65535", "127.0.0.1:65535")]
    public void A_loopback_address_needs_no_password(string? listen, string expected)
    {
        var settings = ConsoleSettings.From(listen, null, NoEnv)!;
        Assert.Equal(IPEndPoint.Parse(expected), settings.Listen);
        Assert.True(settings.OnLoopback);
        Assert.False(settings.PasswordRequired);
        Assert.Null(settings.PasswordHash);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData(" Off ")]
    public void Off_turns_the_console_off(string listen) => Assert.Null(ConsoleSettings.From(listen, null, NoEnv));

    [Theory]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:port")]
    public void An_address_that_is_not_host_and_port_is_refused_with_the_forms_that_work(string listen)
    {
        var error = Assert.Throws<FormatException>(() => ConsoleSettings.From(listen, null, NoEnv));
        Assert.Equal($"the console address '{listen}' is not HOST:PORT (an IP address and a port, e.g. 127.0.0.1:8420 or 0.0.0.0:8420), or 'off'", error.Message);
    }

    [Fact]
    public void Beyond_loopback_the_config_files_hash_or_the_environments_password_is_required()
    {
        var error = Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", null, NoEnv));
        Assert.StartsWith("the console would listen on 0.0.0.0:8420, beyond this machine, without a password: set HORUS_CONSOLE_PASSWORD in the environment", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", "", NoEnv));
        Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", null, _ => "")); // an empty variable is no password

        var hash = ConsolePassword.Hash(Password, ConsolePassword.MinIterations);
        var fromFile = ConsoleSettings.From("0.0.0.0:8420", hash, NoEnv)!;
        Assert.Equal((hash, true, false), (fromFile.PasswordHash, fromFile.PasswordRequired, fromFile.OnLoopback));
        var onLoopback = ConsoleSettings.From("127.0.0.1:8420", hash, NoEnv)!;
        Assert.Equal((hash, true, true), (onLoopback.PasswordHash, onLoopback.PasswordRequired, onLoopback.OnLoopback));

        // The environment's password wins over the file's hash, and is hashed.
        var fromEnv = ConsoleSettings.From("[::]:8420", hash, name => name == ConsoleSettings.PasswordVariable ? "eight ch" : null)!;
        Assert.NotEqual(hash, fromEnv.PasswordHash);
        Assert.True(ConsolePassword.Verify("eight ch", fromEnv.PasswordHash!));
        Assert.False(fromEnv.OnLoopback);

        var tooShort = Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", hash, _ => "seven c"));
        Assert.Equal("HORUS_CONSOLE_PASSWORD is shorter than 8 characters", tooShort.Message);
        var notAHash = Assert.Throws<FormatException>(() => ConsoleSettings.From("127.0.0.1:8420", Password, NoEnv));
        Assert.Equal("console.passwordHash is not a hash made by `horus console hash-password` (pbkdf2-sha256$ITERATIONS$SALT$HASH)", notAHash.Message);
        Assert.Throws<ArgumentNullException>(() => ConsoleSettings.From("127.0.0.1:8420", null, null!));
        Assert.Equal("127.0.0.1:8420", ConsoleSettings.DefaultListen);
    }

    [Theory]
    [InlineData(null, "the person name is empty")]
    [InlineData("", "the person name is empty")]
    [InlineData(" \t", "the person name is empty")]
    [InlineData(".", "the person name '.' is not one name: it may not contain '/' or '\\' or be '..'")]
    [InlineData("..", "the person name '..' is not one name: it may not contain '/' or '\\' or be '..'")]
    [InlineData("a/b", "the person name 'a/b' is not one name: it may not contain '/' or '\\' or be '..'")]
    [InlineData("a\\b", "the person name 'a\\b' is not one name: it may not contain '/' or '\\' or be '..'")]
    [InlineData(".alice", "the person name '.alice' starts with '.': the faces folder ignores hidden files")]
    [InlineData("al\u0007ice", "the person name contains a control character")]
    [InlineData("al\nice", "the person name contains a control character")]
    public void A_name_that_is_not_one_plain_segment_is_refused_with_why(string? name, string problem) =>
        Assert.Equal(problem, ConsoleNames.Problem(name, "person"));

    [Fact]
    public void Names_of_up_to_200_characters_with_dots_spaces_and_accents_are_fine()
    {
        Assert.Null(ConsoleNames.Problem(new string('a', ConsoleNames.MaxLength), "photo"));
        Assert.Equal("the photo name is longer than 200 characters", ConsoleNames.Problem(new string('a', ConsoleNames.MaxLength + 1), "photo"));
        foreach (var ok in new[] { "alice", "José Ñúñez", "a..b", "a.", "portrait.v2.jpg", "x" })
            Assert.Null(ConsoleNames.Problem(ok, "photo"));
    }

    [Fact]
    public void A_photo_path_is_inside_the_faces_folder_and_valid_as_a_bucket_key()
    {
        var folder = Path.Combine(Path.GetTempPath(), "horus-names");
        Assert.Equal((Path.Combine(folder, "alice", "a.jpg"), (string?)null), ConsoleNames.PhotoPath(folder, "alice", "a.jpg"));
        Assert.Equal((Path.Combine(folder, "alice", "a.jpg"), (string?)null), ConsoleNames.PhotoPath(folder + "/", "alice", "a.jpg"));
        Assert.Equal(((string?)null, "the person name is empty"), ConsoleNames.PhotoPath(folder, "", "a.jpg"));
        Assert.Equal(((string?)null, "the photo name '..' is not one name: it may not contain '/' or '\\' or be '..'"), ConsoleNames.PhotoPath(folder, "alice", ".."));
        // Each name is short enough, but together they are too long for a Rekognition image id.
        var (path, problem) = ConsoleNames.PhotoPath(folder, new string('p', 150), new string('f', 150));
        Assert.Null(path);
        Assert.StartsWith("The person and photo names are too long for Rekognition", problem, StringComparison.Ordinal);

        Assert.Equal((Path.Combine(folder, "alice"), (string?)null), ConsoleNames.PersonPath(folder, "alice"));
        Assert.Equal((Path.Combine(folder, "alice"), (string?)null), ConsoleNames.PersonPath(folder + "/", "alice"));
        Assert.Equal(((string?)null, "the person name '..' is not one name: it may not contain '/' or '\\' or be '..'"), ConsoleNames.PersonPath(folder, ".."));
    }

    [Fact]
    public void Only_a_regular_file_below_the_folder_reached_without_symbolic_links_may_be_served()
    {
        var root = Directory.CreateTempSubdirectory("horus-plain-").FullName;
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "snaps")).FullName;
            var camera = Directory.CreateDirectory(Path.Combine(folder, "door")).FullName;
            var file = Path.Combine(camera, "a.jpg");
            File.WriteAllBytes(file, [1]);
            var sibling = Directory.CreateDirectory(Path.Combine(root, "snaps2")).FullName; // shares the folder's name as a prefix
            File.WriteAllBytes(Path.Combine(sibling, "b.jpg"), [1]);
            var outside = Path.Combine(root, "outside.jpg");
            File.WriteAllBytes(outside, [1]);
            File.CreateSymbolicLink(Path.Combine(camera, "link.jpg"), outside);
            Directory.CreateSymbolicLink(Path.Combine(folder, "linked"), root);

            Assert.True(ConsoleNames.IsPlainFileUnder(folder, file));
            Assert.True(ConsoleNames.IsPlainFileUnder(folder + "/", file));
            Assert.True(ConsoleNames.IsPlainFileUnder(folder, Path.Combine(camera, "..", "door", "a.jpg")));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, Path.Combine(sibling, "b.jpg")));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, outside));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, Path.Combine(camera, "link.jpg")));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, Path.Combine(folder, "linked", "outside.jpg")));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, Path.Combine(camera, "missing.jpg")));
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, camera)); // a folder is not a file
            Assert.False(ConsoleNames.IsPlainFileUnder(folder, folder));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
