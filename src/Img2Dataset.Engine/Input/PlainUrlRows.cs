namespace Img2Dataset.Engine.Input;

/// <summary>
/// Turns URLs given one by one (strings, or property bags such as the objects of Import-Csv) into rows numbered in
/// arrival order, with the default shard layout. A bag's url comes from its "url" property and its caption from
/// "caption" (names matched case-insensitively); every other property is kept as an additional column. The first
/// item decides the layout, so every row of a dataset has the same columns.
/// </summary>
public sealed class PlainUrlRows(int samplesPerShard = 10000, int shardCountDigits = 5)
{
    private const string UrlName = "url";
    private const string CaptionName = "caption";
    private UrlListLayout? layout;
    private long next;

    public UrlRow Next(string url) => Row(url.Trim(), null, [], LayoutFor(caption: false, []));

    public UrlRow Next(IReadOnlyList<KeyValuePair<string, object?>> properties)
    {
        object? Value(string name) => properties.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        var others = properties.Where(p => !p.Key.Equals(UrlName, StringComparison.OrdinalIgnoreCase) && !p.Key.Equals(CaptionName, StringComparison.OrdinalIgnoreCase)).ToList();
        var rowLayout = LayoutFor(properties.Any(p => p.Key.Equals(CaptionName, StringComparison.OrdinalIgnoreCase)), others.Select(p => p.Key).ToList());
        var additional = rowLayout.AdditionalColumns.Select(name => KeyValuePair.Create(name, Value(name))).ToList();
        var caption = rowLayout.HasCaption ? Value(CaptionName)?.ToString() : null;
        return Row(Value(UrlName)?.ToString()?.Trim() ?? "", caption, additional, rowLayout);
    }

    private UrlListLayout LayoutFor(bool caption, IReadOnlyList<string> additional) =>
        layout ??= new UrlListLayout(samplesPerShard, shardCountDigits, caption, additional);

    private UrlRow Row(string url, string? caption, IReadOnlyList<KeyValuePair<string, object?>> additional, UrlListLayout rowLayout)
    {
        var sequence = next++;
        var shard = (int)(sequence / samplesPerShard);
        var index = (int)(sequence % samplesPerShard);
        return new UrlRow
        {
            Key = rowLayout.Keys.Key(shard, index),
            Layout = rowLayout,
            ShardId = shard,
            Index = index,
            Url = url,
            Caption = caption,
            AdditionalColumns = additional,
            SourceFile = "(pipeline)",
            SourceLine = sequence + 1,
            InputError = url.Length == 0 ? $"(pipeline), item {sequence + 1}: no '{UrlName}' property" : null,
        };
    }
}
