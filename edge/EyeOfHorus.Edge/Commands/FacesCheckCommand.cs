using System.CommandLine;
using System.Globalization;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.State;

namespace EyeOfHorus.Edge.Commands;

/// <summary>
/// <c>horus faces check DIR</c>: judges a faces folder with the local engine as the FaceIndexer and
/// <c>horus run</c> would, then prints, per person, how far apart their own photos are, who else
/// comes closest, and the margin to the threshold, so a user can see whether the photos will work
/// before relying on them.
/// </summary>
public static class FacesCheckCommand
{
    public static Command Create(Func<string?, IFaceEngine> loadEngine)
    {
        var folder = new Argument<string>("DIR") { Description = "A faces folder: <person>/<photo>, or a folder holding faces/<person>/<photo>" };
        var threshold = new Option<double>("--threshold")
        {
            Description = $"Similarity (0-100) a known person must reach (default {FaceMatching.DefaultThreshold.ToString(CultureInfo.InvariantCulture)})",
            DefaultValueFactory = _ => FaceMatching.DefaultThreshold,
        };
        var models = new Option<string?>("--models") { Description = "The face engine's model folder (default $HORUS_MODELS, else models/)", HelpName = "DIR" };
        var check = new Command("check",
            "Check a faces folder with the local face engine: each photo's verdict, each person's spread, nearest other person and margin to the threshold. " +
            "Exit codes: 0 every person is recognisable, 1 a photo was rejected or two people are too close, 2 bad arguments, 3 models missing.")
        { folder, threshold, models };
        check.SetAction((parse, ct) => RunAsync(parse, parse.GetRequiredValue(folder), parse.GetValue(threshold), parse.GetValue(models), loadEngine, ct));
        return check;
    }

    private static async Task<int> RunAsync(ParseResult parse, string dir, double threshold, string? models, Func<string?, IFaceEngine> loadEngine, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (threshold is < FaceMatching.MinThreshold or > FaceMatching.MaxThreshold)
        {
            await error.WriteLineAsync($"horus faces check: --threshold must be between {FaceMatching.MinThreshold} and {FaceMatching.MaxThreshold}.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var faces = Directory.Exists(Path.Combine(dir, "faces")) ? Path.Combine(dir, "faces") : dir;
        if (!Directory.Exists(faces))
        {
            await error.WriteLineAsync($"horus faces check: {dir} is not a folder.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IFaceEngine engine;
        try { engine = loadEngine(models); }
        catch (Exception ex) when (ex is FaceModelException or IOException or InvalidDataException)
        {
            await error.WriteLineAsync($"horus faces check: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }

        // A throwaway store: the check must not replace the photo list of a running `horus run`.
        var scratch = Directory.CreateTempSubdirectory("horus-faces-check-");
        try
        {
            using var store = new LocalStore(Path.Combine(scratch.FullName, "check.db"));
            using var folder = new FacesFolder(faces, engine, store);
            var photos = await folder.ScanAsync(ct).ConfigureAwait(false);
            var report = FacesCheck.From(photos, folder.Gallery, (float)threshold);
            Write(report, output, faces);
            return report.AllGood ? ExitCodes.Ok : ExitCodes.Failed;
        }
        finally
        {
            (engine as IDisposable)?.Dispose();
            try { scratch.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static void Write(FacesCheck report, TextWriter output, string folder)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{folder}: {report.People.Count} person(s), {report.People.Sum(p => p.Photos)} photo(s) usable, {report.Rejected.Count} rejected; " +
            $"threshold {Number(report.Threshold)} = distance {Distance(report.MatchDistance)}");
        foreach (var photo in report.Rejected)
            output.WriteLine($"rejected {photo.Person}/{photo.Photo}: {photo.Rejection} ({photo.Detail}). {FacesFolder.Advice(photo.Rejection!)}");
        if (report.People.Count == 0)
        {
            output.WriteLine("no usable photo: add photos as <person>/<photo>.jpg, one face each, facing the camera.");
            return;
        }
        TextTable.Write(output, ["PERSON", "PHOTOS", "SPREAD", "NEAREST OTHER", "MARGIN", "VERDICT"],
            report.People.Select(p => (IReadOnlyList<string>)
            [
                p.Person,
                p.Photos.ToString(CultureInfo.InvariantCulture),
                p.Photos > 1 ? $"{Distance(p.Spread)} ({Number(FaceDistance.ToSimilarity(p.Spread))})" : "-",
                p.Nearest is { } n ? $"{n.Person} {Distance(n.Distance)} ({Number(FaceDistance.ToSimilarity(n.Distance))})" : "-",
                (p.Margin >= 0 ? "+" : "") + Distance(p.Margin),
                report.Verdict(p),
            ]));
    }

    private static string Distance(float d) => d.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Number(float similarity) => similarity.ToString("0.#", CultureInfo.InvariantCulture);
}
