using System.CommandLine;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Testing;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary><c>horus faces check DIR</c> with the real face engine on the shared photos (tests/EyeOfHorus.FaceEngine.Tests/Vectors/faces).</summary>
public sealed class FacesCheckTests : IDisposable
{
    private static readonly string Photos = Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceEngine.Tests", "Vectors", "faces");
    private static readonly string ModelDirectory = Path.Combine(RepoPaths.Root, "models");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("faces-check-");

    public void Dispose() => _dir.Delete(recursive: true);

    private void Photo(string person, string photo, string? asName = null)
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "faces", person));
        File.Copy(Path.Combine(Photos, photo), Path.Combine(_dir.FullName, "faces", person, asName ?? photo));
    }

    private static async Task<(int Code, string Out, string Err)> CheckAsync(params string[] args)
    {
        var root = new RootCommand { FacesCheckCommand.Create(models => LocalFaceEngine.Load(models ?? ModelDirectory)) };
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await root.Parse(["check", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string Row(string output, string person) =>
        output.Split('\n').Single(line => line.StartsWith(person + " ", StringComparison.Ordinal));

    [Fact]
    public async Task Two_people_with_consistent_photos_pass_with_their_spread_nearest_person_and_margin()
    {
        Photo("obama", "obama.jpg");
        Photo("obama", "obama2.jpg");
        Photo("biden", "biden.jpg");
        Photo("biden", "biden2.jpg");

        var (code, output, error) = await CheckAsync(_dir.FullName);

        Assert.True(code == 0, output + error);
        Assert.Contains("2 person(s), 4 photo(s) usable, 0 rejected; threshold 90 = distance 0.500", output, StringComparison.Ordinal);
        var obama = Row(output, "obama");
        Assert.Matches(@"^obama\s+2\s+0\.\d{3} \(\d+(\.\d)?\)\s+biden 0\.\d{3} \(\d+(\.\d)?\)\s+\+0\.\d{3}\s+ok$", obama.TrimEnd());
        Assert.Contains("biden", Row(output, "biden"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_photo_is_named_with_the_indexers_reason_and_advice_and_fails_the_check()
    {
        Photo("obama", "obama.jpg");
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "faces", "biden"));
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "faces", "biden", "notes.jpg"), "not a photo");

        var (code, output, _) = await CheckAsync(_dir.FullName);

        Assert.Equal(1, code);
        Assert.Contains("rejected biden/notes.jpg: not-an-image", output, StringComparison.Ordinal);
        Assert.Contains(EyeOfHorus.Contract.PhotoRejection.NotAnImage.Advice, output, StringComparison.Ordinal);
        Assert.Contains("ok (one photo", Row(output, "obama"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_that_confuses_two_people_names_the_pair_and_fails()
    {
        // At similarity 50 the match distance is 2.5: every face matches every other.
        Photo("obama", "obama.jpg");
        Photo("biden", "biden.jpg");

        var (code, output, _) = await CheckAsync(_dir.FullName, "--threshold", "50");

        Assert.Equal(1, code);
        Assert.Contains("obama/obama.jpg looks like biden/biden.jpg", Row(output, "obama"), StringComparison.Ordinal);
        Assert.Matches(@"\s-\d\.\d{3}\s", Row(output, "obama"));
    }

    [Fact]
    public async Task Photos_of_one_person_that_disagree_at_a_strict_threshold_are_named()
    {
        // At 99.9 the match distance is 0.005: two different photos never agree.
        Photo("obama", "obama.jpg");
        Photo("obama", "obama2.jpg");

        var (code, output, _) = await CheckAsync(_dir.FullName, "--threshold", "99.9");

        Assert.Equal(1, code);
        Assert.Contains("own photos too different (obama.jpg vs obama2.jpg)", Row(output, "obama"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_a_bad_threshold_and_missing_models_have_their_exit_codes()
    {
        Assert.Equal(2, (await CheckAsync(Path.Combine(_dir.FullName, "nope"))).Code);
        Assert.Equal(2, (await CheckAsync(_dir.FullName, "--threshold", "101")).Code);
        var (code, _, error) = await CheckAsync(_dir.FullName, "--models", Path.Combine(_dir.FullName, "no-models"));
        Assert.Equal(3, code);
        Assert.Contains("npm ci", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_folder_says_how_to_add_photos_and_fails()
    {
        var (code, output, _) = await CheckAsync(_dir.FullName);
        Assert.Equal(1, code);
        Assert.Contains("no usable photo", output, StringComparison.Ordinal);
    }
}
