using System.Diagnostics;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>The folders holding the published code of the stack's functions.</summary>
public sealed record LambdaPackages(string FaceIndexer, string MatchAlerter, string StreamProcessorLifecycle)
{
    public const string FaceIndexerProject = LambdaHandlers.FaceIndexerProject;
    public const string MatchAlerterProject = LambdaHandlers.MatchAlerterProject;
    public const string StreamProcessorLifecycleProject = LambdaHandlers.StreamProcessorLifecycleProject;

    private static readonly string[] Projects = [FaceIndexerProject, MatchAlerterProject, StreamProcessorLifecycleProject];

    /// <summary>Context key naming a folder that already holds the functions' publish outputs (tests).</summary>
    public const string PrebuiltContextKey = "lambdaCodeDir";

    /// <summary>Where <see cref="Publish"/> writes, relative to the repository root (git-ignored).</summary>
    public static string DefaultOutput(string repositoryRoot) => Path.Combine(repositoryRoot, "obj", "lambda");

    /// <summary>
    /// Publishes every function for the Lambda runtime: <c>dotnet publish -c Release -r linux-arm64
    /// --self-contained false -p:PublishReadyToRun=true</c>, no Docker. Intermediate files go to their
    /// own artifacts folder so this never disturbs a concurrent <c>dotnet build</c> of the solution.
    /// </summary>
    public static LambdaPackages Publish(string repositoryRoot, string? output = null)
    {
        output ??= DefaultOutput(repositoryRoot);
        foreach (var project in Projects)
        {
            var target = Path.Combine(output, Folder(project));
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // no stale files in the asset
            RunDotnet(repositoryRoot,
                "publish", Path.Combine("functions", project, project + ".csproj"),
                "-c", "Release", "-r", "linux-arm64", "--self-contained", "false",
                "-p:PublishReadyToRun=true", "--nologo", "-v", "quiet",
                "--artifacts-path", Path.Combine(output, "artifacts"),
                "-o", target);
            if (project == FaceIndexerProject) CopyModels(repositoryRoot, target);
        }
        return FromFolder(output);
    }

    /// <summary>The face models the FaceIndexer checks photos with in local mode, with their licence and source files.</summary>
    public static readonly string[] ModelFiles =
        ["face_detector.onnx", "face_detector.LICENSE", "face_detector.SOURCE"]; // the detector only: the check embeds nothing

    // The models are build output (scripts/models.sh converts them from npm packages), never committed.
    private static void CopyModels(string repositoryRoot, string target)
    {
        var models = Path.Combine(target, "models");
        Directory.CreateDirectory(models);
        foreach (var file in ModelFiles)
        {
            var source = Path.Combine(repositoryRoot, "models", file);
            if (!File.Exists(source))
                throw new FileNotFoundException(
                    $"The FaceIndexer's package needs {source}: convert the face models first with `npm ci && bash scripts/models.sh`.", source);
            File.Copy(source, Path.Combine(models, file), overwrite: true);
        }
    }

    /// <summary>Uses already published outputs; fails clearly if a handler assembly is missing.</summary>
    public static LambdaPackages FromFolder(string folder)
    {
        var packages = new LambdaPackages(
            Path.Combine(folder, Folder(FaceIndexerProject)), Path.Combine(folder, Folder(MatchAlerterProject)),
            Path.Combine(folder, Folder(StreamProcessorLifecycleProject)));
        foreach (var project in Projects)
        {
            var assembly = Path.Combine(folder, Folder(project), project + ".dll");
            if (!File.Exists(assembly))
                throw new FileNotFoundException($"No published Lambda code at {assembly}: publish it (LambdaPackages.Publish) or fix -c {PrebuiltContextKey}.", assembly);
        }
        return packages;
    }

    // "face-indexer" rather than "EyeOfHorus.FaceIndexer": CDK keeps a folder's "extension" in asset names.
    private static string Folder(string project) => project switch
    {
        FaceIndexerProject => "face-indexer",
        MatchAlerterProject => "match-alerter",
        StreamProcessorLifecycleProject => "stream-processor-lifecycle",
        _ => throw new ArgumentException($"Unknown function project {project}.", nameof(project)),
    };

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> holding EyeOfHorus.sln.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EyeOfHorus.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"EyeOfHorus.sln not found above {start}: run the CDK app from the repository.");
    }

    private static void RunDotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        // Read both pipes concurrently so a chatty build cannot block on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
