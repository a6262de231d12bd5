namespace EyeOfHorus.Edge.Doctor;

/// <summary>One verdict of <c>horus doctor</c>: what was checked, what was found, and the exact fix when it failed.</summary>
public sealed record DoctorCheck(string Subject, bool Passed, string Finding, string? Fix = null)
{
    public static DoctorCheck Ok(string subject, string finding) => new(subject, true, finding);

    public static DoctorCheck Fail(string subject, string finding, string fix) => new(subject, false, finding, fix);

    /// <summary>One line: <c>ok   subject: finding</c> or <c>FAIL subject: finding; fix: ...</c>.</summary>
    public override string ToString() =>
        Passed ? $"ok   {Subject}: {Finding}" : $"FAIL {Subject}: {Finding}; fix: {Fix}";
}
