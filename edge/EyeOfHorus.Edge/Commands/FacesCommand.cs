using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Operator.Faces;
using EyeOfHorus.Edge.Run;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local;
using EyeOfHorus.Local.Gallery;
using LocalStore = EyeOfHorus.Local.State.LocalStore;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus faces add|list|remove|check</c>: the authorised people, as photos in the faces bucket.</summary>
public static class FacesCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <param name="loadEngine">Loads the local face engine from a model folder (null: its default), for <c>faces list --local</c> and <c>faces check</c>.</param>
    public static Command Create(Func<string?, IFaceEngine> loadEngine)
    {
        var common = new CommonOptions();
        var bucket = new Option<string?>("--bucket") { Description = "Faces bucket (default: FacesBucket from the outputs file)", Recursive = true };
        var collection = new Option<string?>("--collection") { Description = "Rekognition collection (default: CollectionId from the outputs file)", Recursive = true };
        var faces = new Command("faces", "Authorised people: photos in the faces bucket, checked by the FaceIndexer (and indexed into the Rekognition collection, except in local mode)");
        common.AddTo(faces);
        faces.Options.Add(bucket);
        faces.Options.Add(collection);

        // Local mode (deploy outputs Recognition=local) has no collection: only the bucket and the FaceIndexer's tags.
        FaceLibrary Library(OperatorContext context, ParseResult parse) =>
            context.Outputs.IsLocalRecognition && parse.GetValue(collection) is null
                ? new(context.S3(), null, context.Require(parse.GetValue(bucket), context.Outputs.FacesBucket, "--bucket", "FacesBucket"), null)
                : new(context.S3(), context.Rekognition(),
                    context.Require(parse.GetValue(bucket), context.Outputs.FacesBucket, "--bucket", "FacesBucket"),
                    context.Require(parse.GetValue(collection), context.Outputs.CollectionId, "--collection", "CollectionId"));

        faces.Subcommands.Add(Add(common, Library));
        faces.Subcommands.Add(List(common, Library, loadEngine));
        faces.Subcommands.Add(Remove(common, Library));
        faces.Subcommands.Add(FacesCheckCommand.Create(loadEngine));
        return faces;
    }

    private static Option<TimeSpan> TimeoutOption(string what) => new("--timeout")
    {
        Description = $"How long to wait for the indexer to {what}, e.g. 60s, 2m",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(60),
        CustomParser = r => DurationParser.TryParse(r.Tokens[0].Value, out var d) ? d : Fail(r, "--timeout takes a duration such as 90s or 2m."),
        HelpName = "DURATION",
    };

    private static TimeSpan Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static Command Add(CommonOptions common, Func<OperatorContext, ParseResult, FaceLibrary> library)
    {
        var photos = new Argument<string[]>("PHOTO") { Description = "JPEG or PNG photos of the person alone, facing the camera", Arity = ArgumentArity.OneOrMore };
        var person = new Option<string>("--person") { Description = "The person's name (photos go to faces/<person>/)", Required = true };
        var timeout = TimeoutOption("tag the photos");
        var noWait = new Option<bool>("--no-wait") { Description = "Upload and return without waiting for the indexer" };
        var add = new Command("add", "Upload photos of a person and report, for each, whether the indexer indexed or rejected it") { photos, person, timeout, noWait };
        add.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var who = parse.GetRequiredValue(person);
            var plan = FaceLibrary.PlanUpload(who, parse.GetRequiredValue(photos));
            var faces = library(context, parse);
            foreach (var (path, key) in plan)
            {
                await faces.UploadAsync(path, key, token).ConfigureAwait(false);
                await output.WriteLineAsync($"uploaded {Path.GetFileName(path)} to s3://{faces.Bucket}/{key}").ConfigureAwait(false);
            }
            if (parse.GetValue(noWait)) return ExitCodes.Ok;

            var limit = parse.GetValue(timeout);
            var progress = ProgressLine.For(parse.InvocationConfiguration.Error);
            var results = await faces.WaitForIndexerAsync([.. plan.Select(p => p.Key)], limit, PollInterval,
                (elapsed, pending) => { if (pending > 0) progress.Report(elapsed, $"waiting for the indexer: {pending} of {plan.Count} photo(s)"); },
                token).ConfigureAwait(false);
            progress.Done();

            foreach (var result in results)
                await output.WriteLineAsync($"{Short(result.Key)}: {Describe(result)}").ConfigureAwait(false);
            if (results.Any(r => r.State is PhotoState.Pending))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"horus: the indexer did not tag every photo within {limit.TotalSeconds:0} s: is the FaceIndexer deployed and notified by the bucket? " +
                    "The photos are uploaded; check later with `horus faces list`.").ConfigureAwait(false);
                return ExitCodes.TimedOut;
            }
            return results.All(r => r.State == PhotoState.Indexed) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return add;
    }

    private static Command List(CommonOptions common, Func<OperatorContext, ParseResult, FaceLibrary> library, Func<string?, IFaceEngine> loadEngine)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of a table" };
        var local = new Option<bool>("--local") { Description = "The faces folder of `horus run` instead of the bucket, each photo judged by the local face engine (no AWS)" };
        var folder = new Option<string?>("--faces") { Description = "With --local: the faces folder, laid out as <person>/<photo> (default ./faces)", HelpName = "DIR" };
        var state = new Option<string?>("--state") { Description = "With --local: horus run's state folder, whose cache spares the engine photos it already judged (default ./horus-state)", HelpName = "DIR" };
        var models = new Option<string?>("--models") { Description = "With --local: the face engine's model folder (default $HORUS_MODELS, else models/)", HelpName = "DIR" };
        var list = new Command("list", "People, their photos and face counts, and rejected photos with the reasons") { json, local, folder, state, models };
        list.SetAction((parse, ct) => parse.GetValue(local)
            ? ListLocalAsync(parse, parse.GetValue(folder) ?? "faces", parse.GetValue(state) ?? RunPlanBuilder.DefaultStateFolder, parse.GetValue(json),
                () => loadEngine(parse.GetValue(models)), ct)
            : OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var faces = library(context, parse);
            var inventory = await faces.ListAsync(token).ConfigureAwait(false);
            if (parse.GetValue(json))
                await output.WriteLineAsync(JsonSerializer.Serialize(Listing(inventory), OperatorJsonContext.Default.FacesListing)).ConfigureAwait(false);
            else
                WriteTable(output, inventory);
            return ExitCodes.Ok;
        }));
        return list;
    }

    /// <summary>
    /// <c>faces list --local</c>: judges the faces folder exactly as <c>horus run</c> does (the same
    /// <see cref="FacesFolder"/>, cache and reasons as the FaceIndexer) and lists every photo.
    /// </summary>
    private static async Task<int> ListLocalAsync(ParseResult parse, string folder, string stateFolder, bool json, Func<IFaceEngine> loadEngine, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var path = Path.GetFullPath(folder);
        if (!Directory.Exists(path))
        {
            await error.WriteLineAsync($"horus: no faces folder {path}. Authorise someone: put a photo at {Path.Combine(path, "<person>", "<photo>.jpg")}.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        IFaceEngine engine;
        try { engine = loadEngine(); }
        catch (Exception ex) when (ex is FaceModelException or IOException or InvalidDataException)
        {
            await error.WriteLineAsync($"horus: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        try
        {
            using var store = new LocalStore(Path.Combine(Path.GetFullPath(stateFolder), RunPlan.DatabaseFile));
            using var faces = new FacesFolder(path, engine, store, TextWriter.Null);
            var photos = await faces.ScanAsync(ct).ConfigureAwait(false);
            var people = faces.Gallery.People;
            if (json)
            {
                var listing = new LocalFacesListing(path, people, [.. photos.Select(p => new LocalPhotoListing(p.Person, p.Photo,
                    p.Rejection is null ? "authorised" : "rejected", p.Rejection, p.Detail))]);
                await output.WriteLineAsync(JsonSerializer.Serialize(listing, OperatorJsonContext.Default.LocalFacesListing)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            if (photos.Count == 0)
            {
                await output.WriteLineAsync($"No photos in {path}. Authorise someone: put a photo at {Path.Combine(path, "<person>", "<photo>.jpg")}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            TextTable.Write(output, ["PERSON", "PHOTO", "STATUS", "NOTE"], photos.Select(p => (IReadOnlyList<string>)
            [
                p.Person, p.Photo, p.Rejection is null ? "authorised" : "rejected",
                p.Rejection is null ? "" : $"{FacePhotos.Explain(p.Rejection)} ({p.Detail})",
            ]));
            var rejected = photos.Count(p => p.Rejection is not null);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{people} {(people == 1 ? "person" : "people")} authorised, {photos.Count} photo(s): {photos.Count - rejected} usable, {rejected} rejected; folder {path}.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (InvalidDataException ex)
        {
            await error.WriteLineAsync($"horus: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        finally
        {
            (engine as IDisposable)?.Dispose();
        }
    }

    private static Command Remove(CommonOptions common, Func<OperatorContext, ParseResult, FaceLibrary> library)
    {
        var person = new Option<string>("--person") { Description = "The person to de-authorise", Required = true };
        var photo = new Option<string?>("--photo") { Description = "Only this photo (its file name), not all of the person's", HelpName = "FILE" };
        var timeout = TimeoutOption("remove the faces");
        var noWait = new Option<bool>("--no-wait") { Description = "Delete the photos and return without waiting for the indexer" };
        var remove = new Command("remove", "Delete a person's photos (or one); the indexer removes their faces, and the command confirms it") { person, photo, timeout, noWait };
        remove.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var who = parse.GetRequiredValue(person);
            var which = parse.GetValue(photo);
            FacePhotos.Validate(who, which);
            var faces = library(context, parse);
            var keys = await faces.FindPhotosAsync(who, which, token).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"horus: no photo {(which is null ? "of " + who : who + "/" + which)} in s3://{faces.Bucket}/{BucketLayout.FacesPrefix}; `horus faces list` shows who is there.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            foreach (var key in keys)
            {
                await faces.DeletePhotoAsync(key, token).ConfigureAwait(false);
                await output.WriteLineAsync($"removed s3://{faces.Bucket}/{key}").ConfigureAwait(false);
            }
            if (parse.GetValue(noWait)) return ExitCodes.Ok;

            var limit = parse.GetValue(timeout);
            var progress = ProgressLine.For(parse.InvocationConfiguration.Error);
            var remaining = await faces.WaitForFacesRemovedAsync(keys, limit, PollInterval,
                (elapsed, left) => { if (left > 0) progress.Report(elapsed, $"waiting for the indexer to remove {left} face(s)"); },
                token).ConfigureAwait(false);
            progress.Done();
            if (remaining > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"horus: {remaining} face(s) of the removed photo(s) are still in collection {faces.CollectionId} after {limit.TotalSeconds:0} s: " +
                    "is the FaceIndexer deployed and notified by the bucket? Check its logs.").ConfigureAwait(false);
                return ExitCodes.TimedOut;
            }
            await output.WriteLineAsync(faces.CollectionId is null
                ? $"{who}: {keys.Count} photo(s) removed; camera hosts drop them at their next sync of the bucket (within a minute)."
                : $"{who}: {keys.Count} photo(s) removed; no face of them is left in collection {faces.CollectionId}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return remove;
    }

    private static string Short(string key) => key.StartsWith(BucketLayout.FacesPrefix, StringComparison.Ordinal) ? key[BucketLayout.FacesPrefix.Length..] : key;

    private static string Describe(PhotoStatus status) => status.State switch
    {
        PhotoState.Indexed => status.Faces is { } n ? $"indexed ({n} face{(n == 1 ? "" : "s")})" : "indexed",
        PhotoState.Rejected => "rejected: " + FacePhotos.Explain(status.Reason),
        PhotoState.Missing => "gone: the photo was removed from the bucket meanwhile",
        _ => "not tagged by the indexer yet",
    };

    private static string StatusWord(PhotoState state) => state.ToString().ToLowerInvariant();

    private static FacesListing Listing(FaceInventory inventory)
    {
        PhotoListing Photo(PhotoEntry p) => new(p.Person, p.Photo, p.Key, StatusWord(p.State), p.Reason, Faces(inventory, p), p.Size);
        var people = inventory.Photos.GroupBy(p => p.Person, StringComparer.Ordinal)
            .Select(g => new PersonListing(g.Key, g.Sum(p => Faces(inventory, p)), [.. g.Select(Photo)]))
            .ToList();
        return new FacesListing(inventory.Bucket, inventory.CollectionId, inventory.CollectionFaces, people,
            [.. inventory.Photos.Where(p => p.State == PhotoState.Rejected).Select(Photo)],
            [.. inventory.Orphans.Select(o => new OrphanListing(o.Person, o.Photo, o.Faces))],
            inventory.ForeignFaces);
    }

    /// <summary>
    /// A photo's faces: those in the collection, or in local mode (no collection) what the indexer's tag says
    /// the camera hosts will enrol (an indexed photo is one face; rejected and pending photos none).
    /// </summary>
    private static int Faces(FaceInventory inventory, PhotoEntry photo) =>
        inventory.CollectionId is null ? photo.TaggedFaces ?? 0 : photo.CollectionFaces;

    private static void WriteTable(TextWriter output, FaceInventory inventory)
    {
        var local = inventory.CollectionId is null;
        if (inventory.Photos.Count == 0)
        {
            output.WriteLine($"No photos in s3://{inventory.Bucket}/{BucketLayout.FacesPrefix}. Authorise someone: horus faces add PHOTO... --person NAME");
        }
        else
        {
            TextTable.Write(output, ["PERSON", "PHOTO", "STATUS", "FACES", "NOTE"], inventory.Photos.Select(p => (IReadOnlyList<string>)
            [
                p.Person, p.Photo, StatusWord(p.State),
                p.State == PhotoState.Pending && local ? "" : Faces(inventory, p).ToString(CultureInfo.InvariantCulture),
                p.State == PhotoState.Rejected ? FacePhotos.Explain(p.Reason)
                    : p.State == PhotoState.Pending ? "waiting for the indexer"
                    : !local && p.TaggedFaces is { } tagged && tagged != p.CollectionFaces ? $"the indexer tagged {tagged} face(s)" : "",
            ]));
            var people = inventory.Photos.Select(p => p.Person).Distinct(StringComparer.Ordinal).Count();
            int Count(PhotoState s) => inventory.Photos.Count(p => p.State == s);
            var collection = local
                ? string.Create(CultureInfo.InvariantCulture,
                    $"local mode (no collection): the camera hosts recognise the {Count(PhotoState.Indexed)} indexed photo(s) from their next sync of the bucket.")
                : string.Create(CultureInfo.InvariantCulture, $"{inventory.CollectionFaces} face(s) in collection {inventory.CollectionId}.");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{people} {(people == 1 ? "person" : "people")}, {inventory.Photos.Count} photo(s): {Count(PhotoState.Indexed)} indexed, {Count(PhotoState.Rejected)} rejected, {Count(PhotoState.Pending)} pending; {collection}"));
        }
        if (inventory.Orphans.Count > 0)
        {
            output.WriteLine("Faces whose photo is gone (the indexer has not removed them yet):");
            foreach (var o in inventory.Orphans) output.WriteLine($"  {o.Person}/{o.Photo}: {o.Faces} face(s)");
        }
        if (inventory.ForeignFaces > 0)
            output.WriteLine($"{inventory.ForeignFaces} face(s) in the collection were not indexed from the bucket (no horus ExternalImageId).");
    }
}
