using System.Globalization;
using System.IO.Compression;
using Img2Dataset.Engine.Input.Sources;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Streams URL lists as <see cref="UrlRow"/>s with img2dataset's shard ids and keys. Each file starts a new shard and
/// shard ids run on across files, as in the reference; nothing holds more than one record (or parquet row group).
/// </summary>
public sealed class UrlListReader
{
    private readonly UrlListOptions options;
    private readonly UrlListLayout layout;
    private readonly UrlListLayout txtLayout;
    private readonly string[] columns;
    private bool txtWarned;

    public UrlListReader(UrlListOptions options)
    {
        options.Validate();
        this.options = options;
        layout = new UrlListLayout(options.SamplesPerShard, options.ShardCountDigits, options.CaptionColumn is not null,
            options.BboxColumn is null ? options.AdditionalColumns : [.. options.AdditionalColumns, options.BboxColumn], options.HashColumn is not null);
        txtLayout = new UrlListLayout(options.SamplesPerShard, options.ShardCountDigits, false, []);
        columns = new[] { options.UrlColumn, options.CaptionColumn, options.BboxColumn, options.HashColumn }
            .Concat(options.AdditionalColumns)
            .OfType<string>()
            .ToArray();
        NextShardId = options.StartShard;
    }

    /// <summary>
    /// Told once when a txt list is read with columns asked for that it cannot have (a caption, a hash, additional
    /// columns): its rows have none of them, as in the reference, so one command line serves every list format.
    /// </summary>
    public Action<string> Warning { get; init; } = _ => { };

    /// <summary>The id the next file's first shard gets.</summary>
    public int NextShardId { get; private set; }

    /// <summary>Reads a file, or every input file of a folder in name order.</summary>
    /// <exception cref="UrlListException">A file is missing, of unknown format, lacks a column, or is malformed as a whole.</exception>
    public IEnumerable<UrlRow> Read(string path) => Read(path, null);

    /// <summary>Reads a file or folder that rows and errors name as <paramref name="shownAs"/> (a remote list's local copy names its source).</summary>
    /// <exception cref="UrlListException">A file is missing, of unknown format, lacks a column, or is malformed as a whole.</exception>
    public IEnumerable<UrlRow> Read(string path, string? shownAs) =>
        Directory.Exists(path)
            ? ListFolder(path, options.Format).SelectMany(file => ReadFile(file, shownAs is null ? file : $"{shownAs.TrimEnd('/')}/{Path.GetFileName(file)}"))
            : ReadFile(path, shownAs ?? path);

    /// <summary>The input files of a folder (not recursive), in ordinal name order, of the given format or of any known one.</summary>
    public static IReadOnlyList<string> ListFolder(string folder, InputFormat? format)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => format is { } wanted ? InputFormat.FromFileName(f) == wanted : InputFormat.FromFileName(f) is not null)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return files.Length > 0
            ? files
            : throw new UrlListException(UrlListErrorKind.FileNotFound, folder, null,
                $"No file found at path {folder} with extension {(format is { } f ? f.ToString() : string.Join(", ", InputFormat.Names))}.");
    }

    private IEnumerable<UrlRow> ReadFile(string path, string shown)
    {
        if (!File.Exists(path))
        {
            throw new UrlListException(UrlListErrorKind.FileNotFound, shown, null, $"Input file not found: {shown}");
        }
        var format = options.Format ?? InputFormat.FromFileName(path) ?? throw new UrlListException(
            UrlListErrorKind.UnknownFormat, shown, null,
            $"Cannot tell the input format of {shown} from its extension: expected one of {string.Join(", ", InputFormat.Names)}, or give the format explicitly.");
        var recordLabel = format.Kind is InputKind.Json or InputKind.Parquet ? "record" : "line";
        var fileLayout = format.Kind == InputKind.Txt ? TxtLayout(shown) : layout;
        var firstShard = NextShardId;
        var nextShard = firstShard;
        long rows = 0;
        using (var stream = Open(path, format))
        {
            // The job's own spool of piped rows may carry two more columns: the refusal of an audit upstream, and the
            // row's place in the list it came from (its shard, index and key), which it keeps.
            var spooled = PipedVerdict.IsSpool(path);
            using var records = SourceFor(format, path).Read(stream, shown, spooled ? [.. columns, PipedVerdict.Column, PipedPosition.Column] : columns).GetEnumerator();
            while (Next(records, shown, recordLabel, rows))
            {
                var shard = firstShard + (int)(rows / options.SamplesPerShard);
                var index = (int)(rows % options.SamplesPerShard);
                rows++;
                var row = ToRow(records.Current, shard, index, shown, recordLabel, fileLayout);
                if (spooled && records.Current.Values is { } values)
                {
                    row = row with { Verdict = PipedVerdict.Parse(values[^2]) };
                    row = PipedPosition.Parse(values[^1]) is { } place ? row with { ShardId = place.Shard, Index = place.Index, Key = place.Key } : row;
                }
                nextShard = Math.Max(nextShard, row.ShardId + 1);
                yield return row;
            }
        }
        NextShardId = Math.Max(nextShard, firstShard + (int)((rows + options.SamplesPerShard - 1) / options.SamplesPerShard));
    }

    /// <summary>
    /// The layout of a txt list's rows: URLs only. The columns asked for are ignored with a warning, except the
    /// bounding boxes: blurring is a promise, so a list without them is an error, not a warning.
    /// </summary>
    private UrlListLayout TxtLayout(string shown)
    {
        if (options.BboxColumn is { } boxes)
        {
            throw ColumnCheck.Missing(shown, [boxes], ["url (a txt list holds one URL per line and nothing else)"]);
        }
        var ignored = new[] { ("-CaptionColumn", "caption_col", options.CaptionColumn), ("-VerifyHash", "verify_hash", options.HashColumn) }
            .Concat(options.AdditionalColumns.Select(c => ("-SaveAdditionalColumns", "save_additional_columns", (string?)c)))
            .Where(o => o.Item3 is not null)
            .Select(o => $"{o.Item1} ({o.Item2}) '{o.Item3}'")
            .ToArray();
        if (ignored.Length > 0 && !txtWarned)
        {
            txtWarned = true;
            Warning($"{shown} is a txt list, which holds URLs only: {string.Join(", ", ignored)} ignored for its rows " +
                "(and any other txt list's), as img2dataset ignores them; they have no caption and no such column.");
        }
        return txtLayout;
    }

    /// <summary>
    /// The next record; a file that cannot be read on (a gzip trailer that does not check, a parquet page that does not
    /// decode, whatever its library throws) ends with an error naming it and where, and the rows before stand.
    /// </summary>
    private static bool Next(IEnumerator<SourceRecord> records, string shown, string recordLabel, long rowsRead)
    {
        try
        {
            return records.MoveNext();
        }
        catch (Exception e) when (e is not UrlListException and not OperationCanceledException)
        {
            throw new UrlListException(UrlListErrorKind.Malformed, shown, rowsRead + 1,
                $"{shown} cannot be read after {recordLabel} {rowsRead}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The file's records as UTF-8 bytes, whatever it was saved as (see <see cref="InputText.AsUtf8"/>). Shared for
    /// reading and writing, so a list another program holds open (Excel keeps the CSV it shows open for writing) can
    /// still be read, as Get-Content reads it.
    /// </summary>
    private static Stream Open(string path, InputFormat format)
    {
        Stream OpenFile()
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16, FileOptions.SequentialScan);
            return format.Gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        return format.Kind == InputKind.Parquet ? OpenFile() : InputText.AsUtf8(OpenFile);
    }

    private static IRecordSource SourceFor(InputFormat format, string path) => format.Kind switch
    {
        InputKind.Txt => new TxtSource(),
        InputKind.Csv => new DelimitedSource(','),
        InputKind.Tsv => new DelimitedSource('\t'),
        InputKind.Json => new JsonArraySource(() => Open(path, format)),
        InputKind.Jsonl => new JsonLinesSource(),
        InputKind.Parquet => new ParquetSource(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format.Kind, null),
    };

    private UrlRow ToRow(SourceRecord record, int shard, int index, string path, string recordLabel, UrlListLayout rowLayout)
    {
        var valueError = record.Values is { } read ? ValueError(read) : null;
        var values = valueError is null ? record.Values ?? new object?[columns.Length] : new object?[columns.Length];
        var url = Text(values[0])?.Trim() ?? "";
        var error = record.Error ?? valueError ?? (url.Length == 0 ? $"empty url in column '{options.UrlColumn}'" : null);
        IReadOnlyList<BoundingBox>? boxes = null;
        var next = 1;
        var caption = options.CaptionColumn is null ? null : Text(values[next++]);
        var additional = new List<KeyValuePair<string, object?>>(rowLayout.AdditionalColumns.Count);
        if (options.BboxColumn is not null)
        {
            var rawBoxes = values[next++];
            // As in the reference, the boxes are also kept as an additional column of the metadata.
            additional.Add(KeyValuePair.Create(options.BboxColumn, rawBoxes));
            try
            {
                boxes = BoundingBoxParser.Parse(rawBoxes);
            }
            catch (FormatException e)
            {
                error ??= $"bbox column '{options.BboxColumn}': {e.Message}";
            }
        }
        var hash = options.HashColumn is null ? null : Text(values[next++]);
        additional.InsertRange(0, options.AdditionalColumns.Select((name, i) => KeyValuePair.Create(name, values[next + i])));
        return new UrlRow
        {
            Key = rowLayout.Keys.Key(shard, index),
            ShardId = shard,
            Index = index,
            Url = url,
            Caption = caption,
            Bboxes = boxes,
            ExpectedHash = hash,
            AdditionalColumns = rowLayout.AdditionalColumns.Count == 0 ? [] : additional,
            Layout = rowLayout,
            SourceFile = path,
            SourceLine = record.Line,
            InputError = error is null ? null : $"{path}, {recordLabel} {record.Line}: {error}",
        };
    }

    /// <summary>
    /// A value no row may carry: text over the record limit, or text that was not valid UTF-8. Such a row keeps its
    /// key but none of its values, so neither the fetch nor the metadata sees them.
    /// </summary>
    private string? ValueError(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not string text)
            {
                continue;
            }
            if (text.Length > InputText.MaxRecordLength)
            {
                return InputText.TooLong($"column '{columns[i]}'");
            }
            if (InputText.HasInvalidUtf8(text))
            {
                return $"{InputText.InvalidUtf8} in column '{columns[i]}'";
            }
        }
        return null;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
