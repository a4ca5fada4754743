# What the reference's users bring with them: pandas' JSON, parquet lists with typed list columns, one command line
# for every list format, and datasets whose schema must be exactly the reference's (README "Coming from img2dataset").
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $noDuckDb = -not (Get-StorageEmulatorsFolder)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $job = @{ AllowPrivateNetwork = $true; ImageSize = 8; SamplesPerShard = 10 }

    # The reference's metadata columns in its order (IMG2DATASET-SPEC §3.6), for a list with a caption column.
    $referenceColumns = 'caption', 'url', 'key', 'status', 'error_message', 'width', 'height', 'original_width', 'original_height', 'exif', 'sha256'
    $referenceSchema = $referenceColumns | ForEach-Object { "$_ $(if ($_ -like '*width' -or $_ -like '*height') { 'INTEGER' } else { 'VARCHAR' })" }

    function Get-ParquetSchema([string] $Glob) {
        Invoke-DuckDb "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('$Glob'))" |
            ForEach-Object { "$($_.column_name) $($_.column_type)" }
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Lists as the reference''s users have them' {
    It 'reads the column-oriented JSON pandas writes by default, rows in the file''s index order as pandas reads them' {
        $rows = 0..11 | ForEach-Object { @{ url = "$base/images/8x8/$_.jpg"; caption = "photo $_" } }
        $columns = [ordered]@{ url = [ordered]@{}; caption = [ordered]@{} }
        # pandas writes each column as {"index": value}; the index order need not be the file's order.
        foreach ($i in 11..0) { $columns.url["$i"] = $rows[$i].url; $columns.caption["$i"] = $rows[$i].caption }
        $list = Join-Path $TestDrive 'frame.json'
        $columns | ConvertTo-Json -Depth 3 | Set-Content $list
        $out = Join-Path $TestDrive 'frame'

        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -OutputFormat parquet | Out-Null

        $metadata = Get-DatasetMetadata $out | Sort-Object key
        $metadata.Count | Should -Be 12
        $metadata.caption | Should -Be (11..0 | ForEach-Object { "photo $_" })
        ($metadata | Where-Object status -NE 'success') | Should -BeNullOrEmpty
    }

    It 'types every list column of a parquet list, int32, double and text alike, in the metadata parquet' -Skip:$noDuckDb {
        $list = Join-Path $TestDrive 'labels.parquet'
        Invoke-DuckDb ("COPY (SELECT '$base/images/8x8/' || i || '.jpg' AS url, 'c' || i AS caption, [0, 100, 200]::INTEGER[] AS labels, " +
            "[0.5, i::DOUBLE] AS scores, ['cat', 'dog'] AS tags FROM range(3) t(i)) TO '$list' (FORMAT parquet)") | Out-Null
        $out = Join-Path $TestDrive 'labels'

        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -SaveAdditionalColumns labels, scores, tags -OutputFormat parquet | Out-Null

        Get-ParquetSchema "$out/*.parquet" | Where-Object { $_ -match '^(labels|scores|tags) ' } |
            Should -Be 'labels INTEGER[]', 'scores DOUBLE[]', 'tags VARCHAR[]'
        $first = Invoke-DuckDb "SELECT labels, scores, tags FROM read_parquet('$out/*.parquet') WHERE caption = 'c2'"
        $first.labels | Should -Be 0, 100, 200
        $first.scores | Should -Be 0.5, 2
        $first.tags | Should -Be 'cat', 'dog'
    }

    It 'writes a parquet list''s int32 list as a TFRecord int64_list and its texts as a bytes_list' -Skip:$noDuckDb {
        $list = Join-Path $TestDrive 'labels-tf.parquet'
        Invoke-DuckDb ("COPY (SELECT '$base/images/8x8/' || i || '.jpg' AS url, [0, 100, 200]::INTEGER[] AS labels, ['cat', 'dog'] AS tags " +
            "FROM range(2) t(i)) TO '$list' (FORMAT parquet)") | Out-Null
        $out = Join-Path $TestDrive 'labels-tf'

        Invoke-Img2Dataset $list $out @job -SaveAdditionalColumns labels, tags -OutputFormat tfrecord | Out-Null

        $sample = Get-DatasetSample $out | Sort-Object Key | Select-Object -First 1
        $sample.Metadata['labels'] | Should -Be 0, 100, 200
        $sample.Metadata['labels'][0] | Should -BeOfType [long]
        $sample.Metadata['tags'] | Should -Be 'cat', 'dog'
    }

    It 'takes -CaptionColumn with a txt list with one warning and writes no captions, so one command line serves every format' {
        $txt = Join-Path $TestDrive 'urls.txt'
        $csv = Join-Path $TestDrive 'urls.csv'
        1..3 | ForEach-Object { "$base/images/8x8/$_.jpg" } | Set-Content $txt
        1..3 | ForEach-Object { [pscustomobject]@{ url = "$base/images/8x8/$_.jpg"; caption = "photo $_" } } | Export-Csv $csv
        $fromTxt = Join-Path $TestDrive 'caption-txt'
        $fromCsv = Join-Path $TestDrive 'caption-csv'

        $summary = Invoke-Img2Dataset $txt $fromTxt @job -CaptionColumn caption -WarningVariable warnings 3>$null
        Invoke-Img2Dataset $csv $fromCsv @job -CaptionColumn caption | Out-Null

        $summary.Successes | Should -Be 3
        @($warnings | Where-Object { "$_" -like '*txt list*-CaptionColumn (caption_col) ''caption''*' }).Count | Should -Be 1
        Get-ChildItem $fromTxt -Recurse -Filter '*.txt' | Should -BeNullOrEmpty
        (Get-DatasetMetadata $fromTxt)[0].PSObject.Properties.Name | Should -Not -Contain 'caption'
        (Get-ChildItem $fromCsv -Recurse -Filter '*.txt').Count | Should -Be 3
    }

    It 'refuses -Distributor <_>, from the command line or a reference config, and says how to spread a dataset over machines here' -ForEach 'pyspark', 'ray' {
        $txt = Join-Path $TestDrive 'distributor.txt'
        "$base/images/8x8/1.jpg" | Set-Content $txt
        $config = Join-Path $TestDrive "distributor-$_.json"
        @{ url_list = $txt; output_folder = (Join-Path $TestDrive 'distributor'); distributor = $_ } | ConvertTo-Json | Set-Content $config

        { Invoke-Img2Dataset $txt (Join-Path $TestDrive 'distributor') @job -Distributor $_ } | Should -Throw "*distributor '$_'*-WorkerIndex and -WorkerCount*"
        { Invoke-Img2Dataset -ConfigFile $config @job } | Should -Throw "*distributor '$_'*-WorkerIndex and -WorkerCount*"
        Test-Path (Join-Path $TestDrive 'distributor') | Should -BeFalse
    }

    It 'still refuses a txt list with -BboxColumn, since the boxes it promises to blur are not there' {
        $txt = Join-Path $TestDrive 'boxes.txt'
        "$base/images/8x8/1.jpg" | Set-Content $txt

        { Invoke-Img2Dataset $txt (Join-Path $TestDrive 'boxes') @job -BboxColumn boxes } | Should -Throw -ErrorId 'MissingColumn*'
    }
}

Describe 'The reference''s exact schema (-ReferenceSchema)' {
    BeforeAll {
        $list = Join-Path $TestDrive 'schema.csv'
        @(
            [pscustomobject]@{ url = "$base/images/8x8/1.jpg"; caption = 'kept' }
            [pscustomobject]@{ url = "$base/images/8x8/2.jpg?header=X-Robots-Tag:noai"; caption = 'refused' }
            [pscustomobject]@{ url = "$base/images/8x8/3.jpg?status=404"; caption = 'missing' }
        ) | Export-Csv $list
    }

    It 'writes exactly the reference''s columns in <Format> and keeps the evidence in error_message' -Skip:$noDuckDb -ForEach @(
        @{ Format = 'parquet'; Extra = @('jpg BLOB') }
        @{ Format = 'webdataset'; Extra = @() }
    ) {
        $out = Join-Path $TestDrive "reference-$Format"

        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -OutputFormat $Format -ReferenceSchema | Out-Null

        Get-ParquetSchema "$out/*.parquet" | Should -Be (@($referenceSchema) + $Extra)
        $rows = Get-DatasetMetadata $out | Sort-Object key
        $rows[0].error_message | Should -BeNullOrEmpty
        $rows[1].status | Should -Be 'failed_to_download'
        $rows[1].error_message | Should -BeLike 'Use of image disallowed by X-Robots-Tag directive; opt_out: {*"noai"*}'
        ($rows[1].error_message -replace '^.*?; opt_out: ', '' | ConvertFrom-Json).signal | Should -Be 'XRobotsTag'
        $rows[2].error_message | Should -Be 'HTTP Error 404: Not Found'
        if ($Format -eq 'webdataset') {
            (Get-DatasetSample $out | Where-Object Key -EQ $rows[0].key).Metadata.Keys | Sort-Object | Should -Be ($referenceColumns | Sort-Object)
        }
    }

    It 'keeps the opt_out column by default' -Skip:$noDuckDb {
        $out = Join-Path $TestDrive 'extended'

        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -OutputFormat parquet | Out-Null

        Get-ParquetSchema "$out/*.parquet" | Should -Be (@($referenceSchema) + 'opt_out VARCHAR', 'jpg BLOB')
    }

    It 'mixes with a shard the reference wrote: DuckDB reads the folder as one table, and so does Get-DatasetMetadata' -Skip:$noDuckDb {
        $out = Join-Path $TestDrive 'mixed'
        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -OutputFormat parquet -ReferenceSchema | Out-Null
        # The reference's metadata parquet, column for column and type for type (IMG2DATASET-SPEC §3.6: strings, int32
        # sizes; the parquet output format's image last), as its pyarrow writer lays it out.
        $theirs = Join-Path $out '00001.parquet'
        Invoke-DuckDb ("COPY (SELECT 'theirs' AS caption, 'http://example.com/a.jpg' AS url, '000010000' AS key, 'success' AS status, " +
            "NULL::VARCHAR AS error_message, 8::INTEGER AS width, 8::INTEGER AS height, 8::INTEGER AS original_width, 8::INTEGER AS original_height, " +
            "'{}' AS exif, repeat('0', 64) AS sha256, '\xFF\xD8'::BLOB AS jpg) TO '$theirs' (FORMAT parquet)") | Out-Null
        # Its stats file as the reference writes it (IMG2DATASET-SPEC §6.6), which makes the shard complete.
        [ordered]@{ count = 1; successes = 1; failed_to_download = 0; failed_to_resize = 0; duration = 0.5; start_time = 1.7e9; end_time = 1.7e9 + 0.5
            status_dict = @{ success = 1 } } | ConvertTo-Json | Set-Content (Join-Path $out '00001_stats.json')

        Get-ParquetSchema "$out/00000.parquet" | Should -Be (Get-ParquetSchema $theirs)
        $all = Invoke-DuckDb "SELECT key, caption, status FROM read_parquet('$out/*.parquet') ORDER BY key"
        $all.caption | Should -Be 'kept', 'refused', 'missing', 'theirs'
        (Get-DatasetMetadata $out).Count | Should -Be 4
        # The report reads the reference's shard beside ours (its stats have no commit record; its image is not one).
        $report = [xml](Get-Content (Export-DatasetReport $out).FullName -Raw)
        $report.SelectSingleNode("//*[@id='rows']").'data-value' | Should -Be 4
        $report.SelectSingleNode("//table[@id='shards']/tbody/tr[@data-key='00001']/td[@data-value]").'data-value' | Should -Be 1
        $report.SelectSingleNode("//table[@id='signals']/tbody/tr/th").InnerText | Should -Be 'XRobotsTag'
    }

    It 'keeps the schema when Update-DatasetConsent marks a sample: the new evidence replaces the old in error_message' {
        $out = Join-Path $TestDrive 'reference-marked'
        Invoke-Img2Dataset $list $out @job -CaptionColumn caption -OutputFormat webdataset -ReferenceSchema | Out-Null
        Invoke-RestMethod -Method Put -Uri "$base/_control/later?prefix=$([uri]::EscapeDataString('/images/8x8/1.jpg'))" -Body 'header=X-Robots-Tag:noai' | Out-Null

        try {
            Update-DatasetConsent $out -AllowPrivateNetwork -MarkOnly | Out-Null
            Update-DatasetConsent $out -AllowPrivateNetwork -MarkOnly | Out-Null
        }
        finally {
            Invoke-RestMethod -Method Put -Uri "$base/_control/later?prefix=$([uri]::EscapeDataString('/images/8x8/1.jpg'))" -Body '' | Out-Null
        }

        $kept = Get-DatasetSample $out | Where-Object { $_.Metadata['caption'] -eq 'kept' }
        $kept.Metadata.Keys | Should -Not -Contain 'opt_out'
        $kept.Metadata['error_message'] | Should -BeLike 'opt_out: {*noai*}'
        ([regex]::Matches($kept.Metadata['error_message'], 'opt_out: ')).Count | Should -Be 1
        (Get-DatasetMetadata $out | Where-Object caption -EQ 'kept').PSObject.Properties.Name | Should -Not -Contain 'opt_out'
    }
}
