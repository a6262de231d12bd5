namespace EyeOfHorus.Edge.Operator;

/// <summary>Left-aligned columns separated by two spaces; the last column is not padded.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var row in all)
            for (var i = 0; i < row.Count && i < widths.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}

/// <summary>
/// Progress while waiting on the system: a line rewritten in place on a terminal, or one line
/// when the first wait starts and one every ten seconds when stderr is redirected.
/// </summary>
public sealed class ProgressLine(TextWriter error, bool interactive)
{
    private TimeSpan _lastPrinted = TimeSpan.MinValue;
    private bool _open;

    public static ProgressLine For(TextWriter error) =>
        new(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);

    public void Report(TimeSpan elapsed, string message)
    {
        if (interactive)
        {
            error.Write($"\r{message} ({elapsed.TotalSeconds:0} s) ");
            _open = true;
            return;
        }
        if (_lastPrinted != TimeSpan.MinValue && elapsed - _lastPrinted < TimeSpan.FromSeconds(10)) return;
        _lastPrinted = elapsed;
        error.WriteLine($"{message} ({elapsed.TotalSeconds:0} s)");
    }

    public void Done()
    {
        if (!_open) return;
        error.WriteLine();
        _open = false;
    }
}
