namespace Img2Dataset.Engine.Input;

/// <summary>The one place that words the "no such column" error, so every format names the columns that do exist.</summary>
internal static class ColumnCheck
{
    public static void RequireAll(string path, IReadOnlyList<string> requested, IReadOnlyCollection<string> available, long? line = null)
    {
        var missing = requested.Where(c => !available.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw Missing(path, missing, available, line);
        }
    }

    public static UrlListException Missing(string path, IReadOnlyCollection<string> missing, IReadOnlyCollection<string> available, long? line = null) =>
        new(UrlListErrorKind.MissingColumn, path, line,
            $"{path}: no column named {string.Join(", ", missing.Select(m => $"'{m}'"))}; " +
            $"the columns are: {(available.Count == 0 ? "(none)" : string.Join(", ", available))}.");
}
