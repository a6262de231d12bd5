using System.Diagnostics;
using EyeOfHorus.Infra;

namespace EyeOfHorus.Infra.Tests;

/// <summary>
/// scripts/lambda-runtimes.js (run by scripts/synth-and-scan.sh in CI) over the templates of every
/// mode, and over the template this stack had with CDK 2.160's helper Lambdas, against
/// infra/lambda-runtimes.json.
/// </summary>
public sealed class LambdaRuntimeTests
{
    private static readonly string Root = LambdaPackages.FindRepositoryRoot(AppContext.BaseDirectory);

    public static TheoryData<string> Modes => ["defaults", "stream-processor", "edge", "local"];

    private static Synthesized InMode(string mode) => mode == "defaults" ? Stacks.Defaults : Stacks.TwoCameras(mode);

    private static (int ExitCode, string Output) Check(string templateJson, string today)
    {
        var file = Path.Combine(Path.GetTempPath(), $"runtimes-{Guid.NewGuid():N}.template.json");
        File.WriteAllText(file, templateJson);
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine("scripts", "lambda-runtimes.js"));
            start.ArgumentList.Add(file);
            start.Environment["LAMBDA_RUNTIMES_TODAY"] = today;
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            Assert.True(node.WaitForExit(30_000), "node did not finish");
            return (node.ExitCode, output.Result + error.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_function_in_every_mode_runs_dotnet10_in_every_region_which_Lambda_accepts_today(string mode)
    {
        var stack = InMode(mode);
        var (exit, output) = Check(stack.Json.ToJsonString(), "2026-12-02");

        Assert.True(exit == 0, output);
        var functions = stack.OfType("AWS::Lambda::Function");
        Assert.Equal(mode is "edge" or "local" ? 2 : 3, functions.Count);
        foreach (var (id, _) in functions)
            Assert.Contains($"  {id}: dotnet10 in every region -- ok: deprecated 2028-11-14, create blocked 2028-12-14 (743 days)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_than_180_days_before_the_block_warns_and_on_the_day_itself_fails()
    {
        var template = Stacks.EdgeTwoCameras.Json.ToJsonString();

        var (warnExit, warned) = Check(template, "2028-07-01");
        Assert.Equal(0, warnExit);
        Assert.Contains("WARNING: creating dotnet10 functions is blocked from 2028-12-14, in 166 days", warned, StringComparison.Ordinal);

        var (failExit, failed) = Check(template, "2028-12-14");
        Assert.Equal(1, failExit);
        Assert.Contains("FAIL: Lambda refuses to create dotnet10 functions since 2028-12-14 (updates from 2029-01-15)", failed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_with_CDKs_helper_Lambdas_fails_today_region_by_region()
    {
        // The stream-processor template main synthesized before this change (CDK 2.160): its functions,
        // and the region map CDK gave the AwsCustomResource provider (Fixtures/SOURCES.md).
        var before = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cdk-2.160-helper-lambdas.template.json"));

        var (exit, output) = Check(before, "2026-12-02");

        Assert.Equal(1, exit);
        Assert.Matches(@"AWS679f53fac002430cb0da5b7982bd2287\w*: nodejs20\.x in \d+ region\(s\): .*us-east-1.* -- FAIL: Lambda refuses to create nodejs20\.x functions since 2026-06-01", output);
        Assert.Matches(@"AWS679f53fac002430cb0da5b7982bd2287\w*: nodejs18\.x in \d+ region\(s\): .*cn-north-1.*us-gov-west-1.* -- FAIL: Lambda refuses to create nodejs18\.x functions since 2025-10-01", output);
        Assert.Contains("python3.11 in every region -- WARNING: no published block-create date recorded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_missing_from_the_table_fails_and_says_where_to_look()
    {
        var (exit, output) = Check("""{"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"Runtime":"ruby3.4"}}}}""", "2026-12-02");

        Assert.Equal(1, exit);
        Assert.Contains("F: ruby3.4 in every region -- FAIL: ruby3.4 is not in infra/lambda-runtimes.json", output, StringComparison.Ordinal);
    }
}
