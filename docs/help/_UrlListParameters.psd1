@{
    # Help of the URL list parameters shared by Import-UrlList and Invoke-Img2Dataset.
    Parameters = @{
        InputFormat      = 'txt, txt.gz, csv, csv.gz, tsv, tsv.gz, json, json.gz, jsonl, jsonl.gz or parquet. By default each file''s extension decides.'
        UrlColumn        = 'The column holding the image URL (default url). A txt list has one URL per line and no columns.'
        CaptionColumn    = 'The column holding the caption, if any; when given, captions are kept and saved.'
        BboxColumn       = 'A column of boxes to blur: a list of [x_min, y_min, x_max, y_max] lists of fractions between 0 and 1, or a JSON string of such a list; also saved in the metadata.'
        SamplesPerShard  = 'Rows per shard (default 10000).'
        ShardCountDigits = 'Digits of a shard name (default 5); the key has these digits plus ceil(log10(SamplesPerShard)).'
    }
}
