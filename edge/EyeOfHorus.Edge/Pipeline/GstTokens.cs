using System.Text;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Builds a gst-launch-1.0 pipeline as a list of arguments, one per element, property, caps or
/// link. The list is handed to the child as its argv (never through a shell), so paths and URLs
/// need no shell quoting; property values with characters the gst-launch grammar treats
/// specially are double-quoted the way gst-launch expects.
/// </summary>
public sealed class GstTokens
{
    private readonly List<string> _tokens = [];
    private readonly List<string> _elements = [];

    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Element factories used, in order of first use.</summary>
    public IReadOnlyList<string> Elements => _elements;

    public GstTokens Element(string factory, params (string Name, string Value)[] properties)
    {
        if (!_elements.Contains(factory)) _elements.Add(factory);
        _tokens.Add(factory);
        foreach (var (name, value) in properties) _tokens.Add($"{name}={QuoteValue(value)}");
        return this;
    }

    /// <summary>A caps filter, e.g. <c>video/x-raw,format=I420,width=640</c>.</summary>
    public GstTokens Caps(string caps)
    {
        _tokens.Add(caps);
        return this;
    }

    public GstTokens Link()
    {
        _tokens.Add("!");
        return this;
    }

    /// <summary>Refers to a named element (a tee's next branch starts with <c>t.</c>).</summary>
    public GstTokens Reference(string elementName)
    {
        _tokens.Add(elementName + ".");
        return this;
    }

    /// <summary>Appends tokens built elsewhere (an analysis branch).</summary>
    public GstTokens Append(IEnumerable<string> tokens, IEnumerable<string> elements)
    {
        _tokens.AddRange(tokens);
        foreach (var e in elements)
        {
            if (!_elements.Contains(e)) _elements.Add(e);
        }
        return this;
    }

    /// <summary>Quotes a property value when it holds anything beyond a plain word, path or number.</summary>
    public static string QuoteValue(string value)
    {
        if (value.Length > 0 && value.All(IsPlain)) return value;
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }

    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '+' or '@' or '%';

    /// <summary>The command as a user would type it in a POSIX shell (for --print and logs).</summary>
    public static string ToShellString(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(ShellQuote));

    private static string ShellQuote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => IsPlain(c) || c is '=' or ',' or '!')) return argument;
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
