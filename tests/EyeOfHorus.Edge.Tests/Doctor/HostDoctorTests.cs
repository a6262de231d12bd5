using System.Text.RegularExpressions;
using EyeOfHorus.Edge.Doctor;
using EyeOfHorus.Edge.Tests.Publish;

namespace EyeOfHorus.Edge.Tests.Doctor;

public sealed partial class HostDoctorTests
{
    private static DoctorCheck Line(IReadOnlyList<DoctorCheck> checks, string subject) =>
        checks.SingleOrDefault(c => c.Subject == subject) ?? throw new Xunit.Sdk.XunitException($"no '{subject}' check in:\n{string.Join('\n', checks)}");

    [Fact]
    public async Task A_KVS_host_without_kvssink_fails_that_element_with_the_build_recipe_and_passes_the_rest()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_CAMERA=front-door", "HORUS_SOURCE=test", "HORUS_PRESET=quality");
        host.Outputs();

        var checks = await HostDoctor.RunAsync(new DoctorRequest(), host.Probe(), CancellationToken.None);

        var kvssink = Line(checks, "element kvssink");
        Assert.False(kvssink.Passed);
        Assert.Contains("-DBUILD_GSTREAMER_PLUGIN=ON", kvssink.Fix, StringComparison.Ordinal);
        Assert.Equal(["element kvssink"], checks.Where(c => !c.Passed).Select(c => c.Subject));
        Assert.Equal("eye-of-horus-front-door in eu-west-1", Line(checks, "video stream").Finding);
        Assert.True(Line(checks, "element x264enc").Passed);
        Assert.DoesNotContain(checks, c => c.Subject.Contains("multifilesink", StringComparison.Ordinal)); // not edge mode
    }

    [Fact]
    public async Task Edge_mode_adds_the_analysis_elements_free_disk_and_the_image_library()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_CAMERA=garage", "HORUS_SOURCE=test");
        host.Outputs("edge");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(), host.Probe(), CancellationToken.None);

        Assert.True(Line(checks, "element multifilesink").Passed);
        Assert.True(Line(checks, "element jpegenc").Passed);
        Assert.DoesNotContain(checks, c => c.Subject.Contains("facedetect", StringComparison.Ordinal)); // the face engine gates, not OpenCV
        Assert.True(Line(checks, "face engine").Passed);
        Assert.True(Line(checks, "image library").Passed, "libSkiaSharp should load in the test process");
        Assert.True(Line(checks, "free disk").Passed);
    }

    [Fact]
    public async Task A_missing_element_is_found_through_the_settings_files_GStreamer_environment()
    {
        // The settings file points GStreamer at a plugin folder holding every plugin but x264, as
        // GST_PLUGIN_PATH in publish.env points it at kvssink's build folder.
        using var host = new DoctorHost();
        using var plugins = new TempFolder();
        var (_, inspect) = await GstMedia.RunAsync("gst-inspect-1.0", "coreelements");
        var systemFolder = Path.GetDirectoryName(PluginFile().Match(inspect).Groups["file"].Value)!;
        foreach (var plugin in Directory.GetFiles(systemFolder, "*.so").Where(f => Path.GetFileName(f) != "libgstx264.so"))
            File.CreateSymbolicLink(Path.Combine(plugins.Path, Path.GetFileName(plugin)), plugin);
        host.Settings("HORUS_SOURCE=test", $"GST_PLUGIN_SYSTEM_PATH_1_0={plugins.Path}", $"GST_REGISTRY_1_0={plugins.File("registry.bin")}");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), host.Probe(), CancellationToken.None);

        var x264 = Line(checks, "element x264enc");
        Assert.False(x264.Passed);
        Assert.Contains("sudo apt-get install gstreamer1.0-plugins-ugly", x264.Fix, StringComparison.Ordinal);
        Assert.Equal(["element x264enc"], checks.Where(c => !c.Passed).Select(c => c.Subject));
    }

    [Fact]
    public async Task An_absent_camera_device_fails_with_what_to_do()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_SOURCE=/dev/video-horus-absent");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), host.Probe(), CancellationToken.None);

        var camera = Line(checks, "camera /dev/video-horus-absent");
        Assert.False(camera.Passed);
        Assert.Contains("horus devices", camera.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_win_over_the_settings_file_and_a_bad_source_is_named()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_SOURCE=test");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Source: "ftp://camera", Sink: "file:/tmp/horus-doctor.mkv"), host.Probe(), CancellationToken.None);

        var source = Line(checks, "source");
        Assert.False(source.Passed);
        Assert.Contains("HORUS_SOURCE", source.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_deploy_outputs_and_an_unknown_camera_are_failures_with_their_fix()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_SOURCE=test", "HORUS_CAMERA=back-yard");

        var without = await HostDoctor.RunAsync(new DoctorRequest(), host.Probe(), CancellationToken.None);
        host.Outputs();
        var unknownCamera = await HostDoctor.RunAsync(new DoctorRequest(), host.Probe(), CancellationToken.None);

        var outputs = Line(without, "deploy outputs");
        Assert.False(outputs.Passed);
        Assert.Contains("/etc/horus/", outputs.Fix, StringComparison.Ordinal);
        var stream = Line(unknownCamera, "video stream");
        Assert.False(stream.Passed);
        Assert.Equal("camera 'back-yard' is not in the deploy outputs", stream.Finding);
        Assert.Contains("front-door, garage", stream.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_recording_needs_no_AWS_checks()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_SOURCE=test");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), host.Probe((_, _, _) => throw new InvalidOperationException("no credentials")), CancellationToken.None);

        Assert.DoesNotContain(checks, c => c.Subject is "AWS credentials" or "clock" or "deploy outputs");
        Assert.All(checks, c => Assert.True(c.Passed, c.ToString()));
    }

    [Fact]
    public void Service_user_verdicts_missing_user_missing_group_not_a_member_and_ok()
    {
        using var host = new DoctorHost();
        Assert.Equal("horus, in group video", HostDoctor.CheckServiceUser(host.Layout).Finding);

        File.WriteAllText(host.Layout.GroupFile, "root:x:0:\nvideo:x:44:pi,other\n");
        var notMember = HostDoctor.CheckServiceUser(host.Layout);
        Assert.False(notMember.Passed);
        Assert.Equal("`sudo adduser horus video`", notMember.Fix);

        File.WriteAllText(host.Layout.GroupFile, "root:x:0:\n");
        var noGroup = HostDoctor.CheckServiceUser(host.Layout);
        Assert.False(noGroup.Passed);
        Assert.StartsWith("no group 'video'", noGroup.Finding, StringComparison.Ordinal);

        File.WriteAllText(host.Layout.PasswdFile, "root:x:0:0:root:/root:/bin/bash\n");
        var noUser = HostDoctor.CheckServiceUser(host.Layout);
        Assert.False(noUser.Passed);
        Assert.Contains("dpkg-reconfigure horus", noUser.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_from_the_file_pass_without_showing_the_key_or_secret()
    {
        using var host = new DoctorHost();
        host.Credentials("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = doctor/secret/never/shown\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var check = await HostDoctor.CheckCredentialsAsync(host.Layout, null, "eu-west-1", host.Probe(), CancellationToken.None);

        Assert.True(check.Passed, check.ToString());
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", check.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("doctor/secret", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credentials_file_others_can_read_fails_with_the_chmod()
    {
        using var host = new DoctorHost();
        host.Credentials("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var check = await HostDoctor.CheckCredentialsAsync(host.Layout, null, "eu-west-1", host.Probe(), CancellationToken.None);

        Assert.False(check.Passed);
        Assert.Contains("mode 0644", check.Finding, StringComparison.Ordinal);
        Assert.Contains("chmod 0600", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credentials_file_without_the_profile_fails_naming_it()
    {
        using var host = new DoctorHost();
        host.Credentials("[other]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var check = await HostDoctor.CheckCredentialsAsync(host.Layout, "camera", "eu-west-1", host.Probe(), CancellationToken.None);

        Assert.False(check.Passed);
        Assert.Equal($"{host.Layout.CredentialsFile} has no profile 'camera' with credentials", check.Finding);
    }

    [Fact]
    public async Task Without_a_file_the_SDK_chain_decides_and_a_hanging_lookup_times_out()
    {
        using var host = new DoctorHost();

        var found = await HostDoctor.CheckCredentialsAsync(host.Layout, null, null, host.Probe(), CancellationToken.None);
        var none = await HostDoctor.CheckCredentialsAsync(host.Layout, null, null,
            host.Probe((_, _, _) => throw new InvalidOperationException("Failed to resolve AWS credentials.")), CancellationToken.None);
        var hanging = await HostDoctor.CheckCredentialsAsync(host.Layout, null, null,
            host.Probe((_, _, ct) => Task.Delay(Timeout.Infinite, ct)), CancellationToken.None);

        Assert.True(found.Passed);
        Assert.False(none.Passed);
        Assert.Contains("sudo install -m 0600", none.Fix, StringComparison.Ordinal);
        Assert.False(hanging.Passed);
        Assert.Contains("no answer within 2 s", hanging.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Clock_verdicts_synchronised_unsynchronised_and_unreadable()
    {
        Assert.True(HostDoctor.CheckClock(new ClockReading(true, TimeSpan.FromMilliseconds(3))).Passed);
        var unsynced = HostDoctor.CheckClock(new ClockReading(false, TimeSpan.FromSeconds(16)));
        Assert.False(unsynced.Passed);
        Assert.Contains("timedatectl set-ntp true", unsynced.Fix, StringComparison.Ordinal);
        Assert.False(HostDoctor.CheckClock(null).Passed);
    }

    [Fact]
    public void The_kernel_answers_adjtimex_here()
    {
        var reading = ClockSync.Read();

        Assert.NotNull(reading);
        Assert.True(reading.MaxError >= TimeSpan.Zero, $"max error {reading.MaxError}");
    }

    [Fact]
    public void Free_disk_verdicts()
    {
        Assert.True(HostDoctor.CheckFreeDisk("/var/tmp", HostDoctor.MinFreeBytes).Passed);
        var low = HostDoctor.CheckFreeDisk("/var/tmp", HostDoctor.MinFreeBytes - 1);
        Assert.False(low.Passed);
        Assert.Contains("df -h /var/tmp", low.Fix, StringComparison.Ordinal);
        Assert.False(HostDoctor.CheckFreeDisk("/nowhere", null).Passed);
    }

    [Fact]
    public void Settings_files_read_as_systemd_reads_them()
    {
        var values = EnvironmentFile.Parse(["# comment", "; comment", "HORUS_CAMERA=front-door", "HORUS_SOURCE = \"rtsp://cam/stream 1\"", "export AWS_REGION='eu-west-1'", "not a setting"]);

        Assert.Equal(new Dictionary<string, string> { ["HORUS_CAMERA"] = "front-door", ["HORUS_SOURCE"] = "rtsp://cam/stream 1", ["AWS_REGION"] = "eu-west-1" }, values);
    }

    [Fact]
    public void The_publish_unit_uses_the_paths_and_user_doctor_checks()
    {
        var unit = File.ReadAllText(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "edge", "systemd", "horus-publish.service"));
        var installed = HostLayout.Installed;

        Assert.Contains($"EnvironmentFile={installed.PublishSettingsFile}", unit, StringComparison.Ordinal);
        Assert.Contains($"LoadCredential=aws-credentials:{installed.CredentialsFile}", unit, StringComparison.Ordinal);
        Assert.Contains($"ExecStart=/usr/bin/horus publish --outputs {installed.OutputsFile}", unit, StringComparison.Ordinal);
        Assert.Contains($"User={HostLayout.ServiceUser}", unit, StringComparison.Ordinal);
        Assert.Contains($"SupplementaryGroups={HostLayout.CameraGroup}", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void The_publish_unit_does_not_restart_what_a_restart_cannot_fix() =>
        // Bad flags, configuration, a missing tool or element, an invalid pipeline; not AWS errors,
        // timeouts, giving up after --max-restarts or a bug: those may pass.
        Assert.Equal([ExitCodes.Usage, ExitCodes.Configuration, ExitCodes.Preflight, ExitCodes.PipelineInvalid], RestartPreventExitStatus("horus-publish.service"));

    [Fact]
    public void The_run_unit_does_not_restart_a_bad_config_or_what_cannot_start() =>
        Assert.Equal([ExitCodes.Usage, ExitCodes.Configuration], RestartPreventExitStatus("horus-run.service"));

    private static IEnumerable<int> RestartPreventExitStatus(string unitFile)
    {
        var unit = File.ReadAllLines(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "edge", "systemd", unitFile));
        var line = Assert.Single(unit, l => l.StartsWith("RestartPreventExitStatus=", StringComparison.Ordinal));
        return line["RestartPreventExitStatus=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order();
    }

    [Fact]
    public void The_face_engine_check_loads_the_real_models_and_names_a_missing_or_altered_one_with_the_fix()
    {
        var models = Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "models");
        var ok = HostDoctor.CheckFaceEngine(new HostProbe { ModelDirectory = models });
        Assert.True(ok.Passed, ok.ToString());
        Assert.Equal($"models verified in {models}, ONNX Runtime loads", ok.Finding);

        using var copy = new TempFolder();
        var missing = HostDoctor.CheckFaceEngine(new HostProbe { ModelDirectory = copy.Path });
        Assert.False(missing.Passed);
        Assert.Contains("face_detector.onnx is missing", missing.Finding, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install --reinstall horus", missing.Fix, StringComparison.Ordinal);
        Assert.Contains(HostLayout.InstalledModels, missing.Fix, StringComparison.Ordinal);

        foreach (var file in Directory.GetFiles(models, "*.onnx")) File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        using (var embedder = File.OpenWrite(Path.Combine(copy.Path, "face_embedder.onnx"))) { embedder.Seek(100, SeekOrigin.Begin); embedder.WriteByte(0x5a); }
        var altered = HostDoctor.CheckFaceEngine(new HostProbe { ModelDirectory = copy.Path });
        Assert.False(altered.Passed);
        Assert.Contains("face_embedder.onnx is altered", altered.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_mode_checks_the_face_engine()
    {
        using var host = new DoctorHost();
        host.Settings("HORUS_SOURCE=test");
        var probe = host.Probe();
        var failing = new HostProbe
        {
            Layout = probe.Layout, Clock = probe.Clock, FreeBytes = probe.FreeBytes, ChainCredentials = probe.ChainCredentials,
            FaceEngineError = dir => $"face model {dir}/face_detector.onnx is missing",
        };

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), failing, CancellationToken.None);

        Assert.Equal(["face engine"], checks.Where(c => !c.Passed).Select(c => c.Subject));
    }

    [Fact]
    public void The_run_unit_runs_horus_run_as_the_service_user_with_its_state_and_faces_under_var_lib()
    {
        var unit = File.ReadAllText(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "edge", "systemd", "horus-run.service"));

        Assert.Contains("ExecStart=/usr/bin/horus run --config /etc/horus/horus-run.json --faces /var/lib/horus/faces --state /var/lib/horus/state", unit, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=-/etc/horus/run.env", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=horus", unit, StringComparison.Ordinal);
        Assert.Contains($"User={HostLayout.ServiceUser}", unit, StringComparison.Ordinal);
        Assert.Contains($"SupplementaryGroups={HostLayout.CameraGroup}", unit, StringComparison.Ordinal);
        var config = EyeOfHorus.Local.Config.RunConfig.Load(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "edge", "systemd", "horus-run.json.example"));
        Assert.Equal("auto", Assert.Single(config.Cameras!).Value.Source);
    }

    [GeneratedRegex(@"Filename\s+(?<file>\S+libgstcoreelements\.so)")]
    private static partial Regex PluginFile();
}
