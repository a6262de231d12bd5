using System.CommandLine;
using EyeOfHorus.WebConsole;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus console hash-password</c>: reads a password from stdin and prints the hash the config file's console.passwordHash takes.</summary>
public static class ConsoleCommand
{
    public static Command Create(Func<TextReader>? stdin = null)
    {
        var hash = new Command("hash-password",
            $"Read the web console's password from stdin (never argv) and print its hash for the config file's console.passwordHash. " +
            $"At least {ConsolePassword.MinLength} characters. Exit codes: 0 printed, 2 too short.");
        hash.SetAction(async (parse, ct) =>
        {
            var password = (await (stdin?.Invoke() ?? Console.In).ReadLineAsync(ct).ConfigureAwait(false))?.TrimEnd('\r') ?? "";
            if (password.Length < ConsolePassword.MinLength)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"horus console hash-password: the password must have at least {ConsolePassword.MinLength} characters (read from stdin).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            await parse.InvocationConfiguration.Output.WriteLineAsync(ConsolePassword.Hash(password)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("console", "The web console of horus run (README \"Web console\").") { hash };
    }
}
