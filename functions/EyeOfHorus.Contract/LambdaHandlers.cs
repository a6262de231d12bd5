namespace EyeOfHorus.Contract;

/// <summary>The Lambda handler strings the stack deploys (<c>Assembly::Type::Method</c>) and the projects that define them.</summary>
public static class LambdaHandlers
{
    public const string FaceIndexerProject = "EyeOfHorus.FaceIndexer";
    public const string MatchAlerterProject = "EyeOfHorus.MatchAlerter";
    public const string StreamProcessorLifecycleProject = "EyeOfHorus.StreamProcessorLifecycle";

    public const string FaceIndexer = FaceIndexerProject + "::EyeOfHorus.FaceIndexer.Function::Handle";
    public const string MatchAlerter = MatchAlerterProject + "::EyeOfHorus.MatchAlerter.Function::Handle";
    public const string StreamProcessorLifecycle = StreamProcessorLifecycleProject + "::EyeOfHorus.StreamProcessorLifecycle.Function::Handle";
}
