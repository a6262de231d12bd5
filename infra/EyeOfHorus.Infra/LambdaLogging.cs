using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;

namespace EyeOfHorus.Infra;

/// <summary>
/// Log permissions for a function whose log group the stack creates (with a retention, deleted with
/// the stack): write to that group only, instead of AWSLambdaBasicExecutionRole's any-group access.
/// </summary>
public static class LambdaLogging
{
    public static PolicyDocument WriteTo(ILogGroup logGroup)
    {
        ArgumentNullException.ThrowIfNull(logGroup);
        return new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "WriteOwnLogGroup",
                    Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resources = [logGroup.LogGroupArn], // the group's ARN ends in ":*", i.e. its streams
                }),
            ],
        });
    }
}
