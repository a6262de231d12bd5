using System.CommandLine;
using EyeOfHorus.Edge.Doctor;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus doctor</c>: one line per thing this camera host needs, with the exact fix; exit 0 only when all pass.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var camera = new Option<string?>("--camera") { Description = $"Camera name from the deploy outputs (default: HORUS_CAMERA in {HostLayout.Installed.PublishSettingsFile})" };
        var source = new Option<string?>("--source") { Description = $"Video source: {VideoSource.Syntax} (default: HORUS_SOURCE, else auto)", HelpName = "SOURCE" };
        var sink = new Option<string>("--sink") { Description = $"Where the video goes: {PipelineSink.Syntax}", DefaultValueFactory = _ => "kvs", HelpName = "SINK" };
        var outputs = new Option<string?>("--outputs") { Description = $"Deploy outputs file (default: {HostLayout.Installed.OutputsFile}, where the service reads it)", HelpName = "FILE" };
        var region = new Option<string?>("--region") { Description = "AWS region (default: the outputs file's Region, else AWS_REGION)" };
        var profile = new Option<string?>("--profile") { Description = "AWS profile (default: AWS_PROFILE in the settings file, else default)" };
        var state = new Option<string?>("--state")
        {
            Description = $"Local mode: the state directory horus publish keeps the copy of the faces bucket in (default: the service's, {HostLayout.Installed.PublishStateDirectory})",
            HelpName = "DIR",
        };
        var command = new Command("doctor",
            "Check that this camera host has what horus-publish.service needs for its mode: GStreamer tools and elements " +
            "(kvssink for Kinesis Video Streams, the analysis elements in edge and local mode), the camera and the video group, " +
            "the deploy outputs, AWS credentials (never printed), clock sync, free disk, the image library, the face engine; " +
            "in local mode also the state directory, the faces bucket (listed and read with the host's credentials) and the last gallery sync. " +
            $"It reads the service's settings from {HostLayout.Installed.PublishSettingsFile}. " +
            "Exit codes: 0 every check passed; 1 a check failed (its line says the fix); 2 invalid flags.")
        {
            camera, source, sink, outputs, region, profile, state,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var sinkText = parse.GetValue(sink)!;
            if (!PipelineSink.IsKvs(sinkText) && !PipelineSink.TryParseFile(sinkText, out _, out var sinkError))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"horus doctor: {sinkError}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            var request = new DoctorRequest(parse.GetValue(camera), parse.GetValue(source), sinkText, parse.GetValue(outputs), parse.GetValue(profile), parse.GetValue(region), parse.GetValue(state));
            var checks = await HostDoctor.RunAsync(request, new HostProbe(), ct).ConfigureAwait(false);
            foreach (var check in checks) await output.WriteLineAsync(check.ToString()).ConfigureAwait(false);
            var failed = checks.Count(c => !c.Passed);
            await output.WriteLineAsync(failed == 0 ? $"all {checks.Count} checks passed" : $"{failed} of {checks.Count} checks failed").ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
