using Img2Dataset.Engine.Input;

namespace Img2Dataset.Engine.Tests.Input;

public sealed class UrlListReaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> Formats() => [.. InputFormat.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormatYieldsItsRowsWithKeysAndCaptions(string format)
    {
        var rows = InputFiles.Rows(5);
        var path = InputFiles.Write(folder, format, rows);
        var txt = format.StartsWith("txt", StringComparison.Ordinal);

        var read = Read(path, new UrlListOptions { CaptionColumn = txt ? null : "caption", SamplesPerShard = 2 });

        Assert.Equal(rows.Select(r => r.Url), read.Select(r => r.Url));
        Assert.Equal(["000000", "000001", "000010", "000011", "000020"], read.Select(r => r.Key));
        Assert.Equal([0, 0, 1, 1, 2], read.Select(r => r.ShardId));
        Assert.Equal([0, 1, 0, 1, 0], read.Select(r => r.Index));
        Assert.All(read, r => Assert.Null(r.InputError));
        if (!txt)
        {
            Assert.Equal(rows.Select(r => r.Caption), read.Select(r => r.Caption));
        }
    }

    [Fact]
    public void ExplicitFormatOverridesTheExtension()
    {
        var path = folder.Write("urls.list", "http://a/1.jpg\nhttp://a/2.jpg\n");
        var read = Read(path, new UrlListOptions { Format = InputFormat.Parse("txt") });
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public void ParquetIsReadRowGroupByRowGroup()
    {
        var path = InputFiles.Write(folder, "parquet", InputFiles.Rows(7));
        Assert.Equal(4, InputFiles.RowGroupCount(path));

        var read = Read(path, new UrlListOptions { CaptionColumn = "caption" });

        Assert.Equal(InputFiles.Rows(7).Select(r => r.Url), read.Select(r => r.Url));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], read.Select(r => r.SourceLine));
    }

    [Fact]
    public void CsvHandlesQuotedCommasNewlinesAndQuotes()
    {
        var path = folder.Write("q.csv",
            "url,caption\n" +
            "http://a/1.jpg,\"a, b\"\n" +
            "http://a/2.jpg,\"line one\nline two\"\n" +
            "http://a/3.jpg,\"say \"\"cheese\"\"\"\n" +
            "http://a/4.jpg,plain\n");

        var read = Read(path, new UrlListOptions { CaptionColumn = "caption" });

        Assert.Equal(["a, b", "line one\nline two", "say \"cheese\"", "plain"], read.Select(r => r.Caption));
        Assert.Equal([2L, 3, 5, 6], read.Select(r => r.SourceLine));
    }

    [Fact]
    public void Utf8ByteOrderMarkIsNotPartOfTheFirstColumnName()
    {
        var path = folder.Write("bom.csv", "url,caption\nhttp://a/é.jpg,café\n", byteOrderMark: true);
        var row = Assert.Single(Read(path, new UrlListOptions { CaptionColumn = "caption" }));
        Assert.Equal("http://a/é.jpg", row.Url);
        Assert.Equal("café", row.Caption);
    }

    [Fact]
    public void AFolderOfMixedFilesIsReadInNameOrderWithShardsNumberedOn()
    {
        folder.Write("in/b.jsonl", "{\"url\":\"http://b/1\"}\n{\"url\":\"http://b/2\"}\n");
        folder.Write("in/a.csv", "url\nhttp://a/1\nhttp://a/2\nhttp://a/3\n");
        folder.Write("in/c.txt.gz", "http://c/1\n");
        folder.Write("in/notes.md", "not an input");

        var read = Read(folder.File("in"), new UrlListOptions { SamplesPerShard = 2, StartShard = 10 });

        Assert.Equal(["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://b/2", "http://c/1"], read.Select(r => r.Url));
        Assert.Equal([10, 10, 11, 12, 12, 13], read.Select(r => r.ShardId));
    }

    [Fact]
    public void AFolderWithAFormatReadsOnlyThatFormat()
    {
        folder.Write("in/a.txt", "http://a/1\n");
        folder.Write("in/b.txt.gz", "http://b/1\n");
        var read = Read(folder.File("in"), new UrlListOptions { Format = InputFormat.Parse("txt") });
        Assert.Equal(["http://a/1"], read.Select(r => r.Url));
    }

    [Fact]
    public void ShardIdsRunOnAcrossReadsOfTheSameReader()
    {
        var reader = new UrlListReader(new UrlListOptions { SamplesPerShard = 3 });
        var first = reader.Read(folder.Write("1.txt", "http://a/1\nhttp://a/2\nhttp://a/3\nhttp://a/4\n")).ToList();
        var second = reader.Read(folder.Write("2.txt", "http://b/1\n")).ToList();
        Assert.Equal([0, 0, 0, 1], first.Select(r => r.ShardId));
        Assert.Equal([2], second.Select(r => r.ShardId));
    }

    [Fact]
    public void AdditionalColumnsHashAndBoxesAreKeptInOrder()
    {
        var path = folder.Write("x.jsonl",
            "{\"url\":\"http://a/1\",\"sha\":\"abc\",\"boxes\":[[0.1,0.2,0.3,0.4]],\"width_hint\":640,\"source\":\"web\"}\n");
        var row = Assert.Single(Read(path, new UrlListOptions
        {
            HashColumn = "sha",
            BboxColumn = "boxes",
            AdditionalColumns = ["source", "width_hint", "absent"],
        }));
        Assert.Equal("abc", row.ExpectedHash);
        Assert.Equal([new BoundingBox(0.1, 0.2, 0.3, 0.4)], row.Bboxes!);
        Assert.Equal(["source", "width_hint", "absent", "boxes"], row.AdditionalColumns.Select(c => c.Key));
        Assert.Equal(["web", 640L, null], row.AdditionalColumns.Take(3).Select(c => c.Value));
    }

    [Fact]
    public void BoxesComeFromJsonStringsInCsvAndFromNestedListsInParquet()
    {
        var csv = folder.Write("b.csv", "url,boxes\nhttp://a/1,\"[[0.6, 0.4, 0.85, 0.61],[0,0,1,1]]\"\nhttp://a/2,\n");
        var parquet = InputFiles.WriteParquet(folder, "b.parquet",
            [new InputFiles.BoxRecord { url = "http://a/1", bboxes = [[0.6, 0.4, 0.85, 0.61]], similarity = 3 }], rowGroupSize: 10);

        var fromCsv = Read(csv, new UrlListOptions { BboxColumn = "boxes" });
        var fromParquet = Assert.Single(Read(parquet, new UrlListOptions { BboxColumn = "bboxes", AdditionalColumns = ["similarity"] }));

        Assert.Equal([new BoundingBox(0.6, 0.4, 0.85, 0.61), new BoundingBox(0, 0, 1, 1)], fromCsv[0].Bboxes!);
        Assert.Null(fromCsv[1].Bboxes);
        Assert.Equal([new BoundingBox(0.6, 0.4, 0.85, 0.61)], fromParquet.Bboxes!);
        Assert.Equal(3L, fromParquet.AdditionalColumns[0].Value);
        Assert.Equal("bboxes", fromParquet.AdditionalColumns[1].Key);
    }

    [Theory]
    [InlineData("[[0.1,0.2,0.3]]")]
    [InlineData("[[0.1,0.2,1.3,0.4]]")]
    [InlineData("[[0.5,0.2,0.3,0.4]]")]
    [InlineData("not json")]
    [InlineData("[\"a\"]")]
    public void BadBoxesMakeABadRowNamingTheFileAndLine(string boxes)
    {
        var path = folder.Write("b.jsonl", $"{{\"url\":\"http://a/1\",\"b\":{System.Text.Json.JsonSerializer.Serialize(boxes)}}}\n");
        var row = Assert.Single(Read(path, new UrlListOptions { BboxColumn = "b" }));
        Assert.Contains($"{path}, line 1: bbox column 'b'", row.InputError);
    }

    [Fact]
    public void AMissingFileIsAFileError()
    {
        var error = Assert.Throws<UrlListException>(() => Read(folder.File("absent.csv"), new UrlListOptions()));
        Assert.Equal(UrlListErrorKind.FileNotFound, error.Kind);
        Assert.Contains("absent.csv", error.Message);
    }

    [Fact]
    public void AnEmptyFolderNamesTheExpectedExtension()
    {
        Directory.CreateDirectory(folder.File("empty"));
        var error = Assert.Throws<UrlListException>(() => Read(folder.File("empty"), new UrlListOptions { Format = InputFormat.Parse("csv.gz") }));
        Assert.Contains("with extension csv.gz", error.Message);
    }

    [Fact]
    public void AnUnknownExtensionIsAFormatError()
    {
        var path = folder.Write("urls.xlsx", "x");
        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions()));
        Assert.Equal(UrlListErrorKind.UnknownFormat, error.Kind);
        Assert.Contains("urls.xlsx", error.Message);
        Assert.Contains("parquet", error.Message);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv.gz")]
    [InlineData("json")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void AMissingUrlColumnNamesTheColumnsThatExist(string format)
    {
        var path = InputFiles.Write(folder, format, InputFiles.Rows(2));
        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions { UrlColumn = "URL" }));
        Assert.Equal(UrlListErrorKind.MissingColumn, error.Kind);
        Assert.Contains("'URL'", error.Message);
        Assert.Contains("url, caption", error.Message);
    }

    [Fact]
    public void ATxtListIgnoresTheColumnsItCannotHaveWithOneWarningAsTheReferenceDoes()
    {
        var path = InputFiles.Write(folder, "txt", InputFiles.Rows(3));
        var warnings = new List<string>();
        var reader = new UrlListReader(new UrlListOptions { CaptionColumn = "caption", HashColumn = "sha256", AdditionalColumns = ["width_hint"] }) { Warning = warnings.Add };

        var rows = reader.Read(path).Concat(reader.Read(path)).ToList();

        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Null(r.InputError));
        Assert.All(rows, r => Assert.Null(r.Caption));
        Assert.All(rows, r => Assert.Empty(r.AdditionalColumns));
        Assert.All(rows, r => Assert.False(r.Layout.HasCaption || r.Layout.HasExpectedHash));
        var warning = Assert.Single(warnings);
        Assert.Contains("-CaptionColumn (caption_col) 'caption'", warning);
        Assert.Contains("-VerifyHash (verify_hash) 'sha256'", warning);
        Assert.Contains("-SaveAdditionalColumns (save_additional_columns) 'width_hint'", warning);
    }

    [Fact]
    public void ATxtListWithBoxesToBlurIsAnErrorNotAWarning()
    {
        var path = InputFiles.Write(folder, "txt", InputFiles.Rows(2));
        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions { BboxColumn = "boxes" }));
        Assert.Equal(UrlListErrorKind.MissingColumn, error.Kind);
        Assert.Contains("'boxes'", error.Message);
    }

    [Fact]
    public void AMalformedJsonLineIsABadRowAndReadingGoesOn()
    {
        var path = folder.Write("m.jsonl", "{\"url\":\"http://a/1\"}\n{\"url\": \"http://a/2\"\n{\"url\":\"http://a/3\"}\n");

        var read = Read(path, new UrlListOptions());

        Assert.Equal(3, read.Count);
        Assert.StartsWith($"{path}, line 2: malformed JSON", read[1].InputError);
        Assert.Equal("000000001", read[1].Key);
        Assert.Null(read[2].InputError);
        Assert.Equal("000000002", read[2].Key);
    }

    [Fact]
    public void AMalformedCsvRecordIsABadRowNamingTheLine()
    {
        var path = folder.Write("m.csv", "url,caption\nhttp://a/1,ok\nhttp://a/2,\"bad\"quote\nhttp://a/3\nhttp://a/4,fine\n");

        var read = Read(path, new UrlListOptions { CaptionColumn = "caption" });

        Assert.Equal(4, read.Count);
        Assert.StartsWith($"{path}, line 3: malformed record", read[1].InputError);
        Assert.Equal($"{path}, line 4: expected at least 2 fields, found 1", read[2].InputError);
        Assert.Equal("fine", read[3].Caption);
    }

    [Theory]
    [InlineData("txt", "http://a/1\n   \n", 0)]
    [InlineData("csv", "url,caption\nhttp://a/1,x\n,y\n", 3)]
    [InlineData("jsonl", "{\"url\":\"http://a/1\"}\n{\"url\":null}\n", 2)]
    public void AnEmptyUrlIsABadRow(string format, string text, int badLine)
    {
        var path = folder.Write("e." + format, text);
        var read = Read(path, new UrlListOptions());
        if (badLine == 0)
        {
            Assert.Single(read);
            return;
        }
        Assert.Equal($"{path}, line {badLine}: empty url in column 'url'", read[1].InputError);
    }

    [Fact]
    public void ATruncatedJsonArrayFailsAtItsLineAfterTheRowsBeforeIt()
    {
        var path = folder.Write("t.json", "[\n{\"url\":\"http://a/1\"},\n{\"url\":\"http://a/2\"},\n{\"url\":");
        var reader = new UrlListReader(new UrlListOptions());
        using var rows = reader.Read(path).GetEnumerator();

        Assert.True(rows.MoveNext());
        Assert.Equal("http://a/1", rows.Current.Url);
        Assert.True(rows.MoveNext());
        var error = Assert.Throws<UrlListException>(() => rows.MoveNext());
        Assert.Equal(UrlListErrorKind.Malformed, error.Kind);
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("c.json")]
    [InlineData("c.json.gz")]
    public void ColumnOrientedJsonIsReadAsPandasWritesIt(string name)
    {
        // pandas.DataFrame.to_json() with its default orient="columns", as the reference reads it.
        var path = folder.Write(name, """
            {"url":{"0":"http://a/1","1":"http://a/2","2":"http://a/3"},"caption":{"0":"one","2":"three"},"score":{"0":1,"1":2.5,"2":null}}
            """);

        var rows = Read(path, new UrlListOptions { CaptionColumn = "caption", AdditionalColumns = ["score"], SamplesPerShard = 2 });

        Assert.Equal(["http://a/1", "http://a/2", "http://a/3"], rows.Select(r => r.Url));
        Assert.Equal(["one", null, "three"], rows.Select(r => r.Caption));
        Assert.Equal([1L, 2.5, null], rows.Select(r => r.AdditionalColumns[0].Value));
        Assert.Equal(["000000", "000001", "000010"], rows.Select(r => r.Key));
    }

    /// <summary>
    /// 200,000 rows as pandas writes them, an unrequested column of long texts among them, and one requested column
    /// whose keys come in reverse: every row read, with its own values. Read in one streaming pass; how fast is the
    /// benchmark's to say (read-list of a million-row column JSON).
    /// </summary>
    [Fact]
    public void ColumnOrientedJsonOfManyRowsKeepsEachRowsValuesWhateverTheKeyOrder()
    {
        const int rows = 200_000;
        var text = new System.Text.StringBuilder("\uFEFF{\"notes\":{");
        text.AppendJoin(',', Enumerable.Range(0, rows).Select(i => $"\"{i}\":\"{new string('n', 40)} {i}\""));
        text.Append("},\"url\":{");
        text.AppendJoin(',', Enumerable.Range(0, rows).Select(i => $"\"{i}\":\"http://a/{i}.jpg\""));
        text.Append("},\"boxes\":{");
        text.AppendJoin(',', Enumerable.Range(0, rows).Reverse().Select(i => $"\"{i}\":[{i},{i + 1}]"));
        text.Append("},\"caption\":{");
        text.AppendJoin(',', Enumerable.Range(0, rows).Select(i => $"\"{i}\":\"c\\u00e9 {i}\""));
        text.Append("}}");
        var path = folder.Write("many.json", text.ToString());

        var read = Read(path, new UrlListOptions { CaptionColumn = "caption", AdditionalColumns = ["boxes"] });

        Assert.Equal(rows, read.Count);
        Assert.All(new[] { 0, 1, 99_999, rows - 1 }, i =>
        {
            Assert.Equal($"http://a/{i}.jpg", read[i].Url);
            Assert.Equal($"cé {i}", read[i].Caption);
            Assert.Equal(new object?[] { (long)i, (long)i + 1 }, read[i].AdditionalColumns[0].Value);
        });
    }

    [Fact]
    public void MalformedColumnOrientedJsonNamesTheFileAndLine()
    {
        var path = folder.Write("broken.json", "{\"url\":{\"0\":\"http://a/1\",\n\"1\":}}");

        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions()));

        Assert.Contains("broken.json, line 2: malformed JSON", error.Message);
    }

    [Theory]
    [InlineData("{\"link\":{\"0\":\"http://a/1\"}}", "link")]
    [InlineData("{\"url\":\"http://a/1\"}", "object of columns")]
    [InlineData("42", "object of columns")]
    public void JsonThatIsNeitherRecordsNorColumnsIsAFileError(string text, string hint)
    {
        var path = folder.Write("bad.json", text);

        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions()));

        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void AnEmptyCsvSaysAHeaderIsExpected()
    {
        var path = folder.Write("e.csv", "");
        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions()));
        Assert.Contains("expected a header row", error.Message);
    }

    [Fact]
    public void ANonParquetFileIsAFileError()
    {
        var path = folder.Write("fake.parquet", "not parquet at all");
        var error = Assert.Throws<UrlListException>(() => Read(path, new UrlListOptions()));
        Assert.Equal(UrlListErrorKind.Malformed, error.Kind);
    }

    [Theory]
    [InlineData("url")]
    [InlineData("sha256")]
    [InlineData("error_message")]
    public void ReservedAdditionalColumnsAreRefused(string column)
    {
        var error = Assert.Throws<ArgumentException>(() => new UrlListReader(new UrlListOptions { AdditionalColumns = ["ok", column] }));
        Assert.Equal(nameof(UrlListOptions.AdditionalColumns), error.ParamName);
        Assert.Contains(column, error.Message);
        Assert.DoesNotContain("ok,", error.Message);
    }

    [Fact]
    public void ShardSizeMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UrlListReader(new UrlListOptions { SamplesPerShard = 0 }));

    private static List<UrlRow> Read(string path, UrlListOptions options) => new UrlListReader(options).Read(path).ToList();
}
