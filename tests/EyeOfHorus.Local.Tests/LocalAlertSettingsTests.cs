using EyeOfHorus.Contract;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Alerts;

namespace EyeOfHorus.Local.Tests;

public sealed class LocalAlertSettingsTests
{
    [Fact]
    public void The_unknown_face_bar_of_local_mode_deployments_is_the_one_horus_run_derives_from_the_engine()
    {
        // The stack's MatchAlerter gets the contract's number in local mode; horus run derives it from the detector's minimum.
        Assert.Equal(MatchAlerterEnvironment.LocalEngineUnknownMinConfidence, LocalAlertSettings.DetectionPercent(new FaceEngineOptions().MinScore));
        Assert.Equal(MatchAlerterEnvironment.LocalEngineUnknownMinConfidence, LocalAlertSettings.Default.UnknownMinConfidence);
    }
}
