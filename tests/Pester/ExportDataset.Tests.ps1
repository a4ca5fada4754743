BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl

    # 12 rows in shards of 5: 8 photos, a refused one, a 404, a truncated JPEG and an HTML page.
    $list = Join-Path $TestDrive 'export.csv'
    0..11 | ForEach-Object {
        $path = switch ($_) {
            3 { 'images/64x48/3.jpg?header=X-Robots-Tag:noai' }
            6 { 'images/64x48/6.jpg?status=404' }
            8 { "broken/truncated.jpg?row=$_" }
            10 { "broken/html.jpg?row=$_" }
            default { "images/64x48/$_.jpg" }
        }
        [pscustomobject]@{ url = "$base/$path"; caption = "caption $_" }
    } | Export-Csv $list -UseQuotes AsNeeded

    $samples = @(Import-UrlList $list -CaptionColumn caption -SamplesPerShard 5 |
        Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ImageSize 32 | Sort-Object Key)
    $successKeys = @('000000', '000001', '000002', '000004', '000010', '000012', '000014', '000021')
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Export-* through the full pipeline' {
    It '<Command> writes complete shards readable by Get-DatasetSample' -ForEach @(
        @{ Command = 'Export-WebDataset'; Format = 'WebDataset'; Main = '00000.tar' }
        @{ Command = 'Export-ImageFolder'; Format = 'Files'; Main = '00000' }
        @{ Command = 'Export-ParquetDataset'; Format = 'Parquet'; Main = '00000.parquet' }
        @{ Command = 'Export-TFRecordDataset'; Format = 'TFRecord'; Main = '00000.tfrecord' }
    ) {
        $out = Join-Path $TestDrive $Command

        $summaries = @($samples | & $Command $out)

        $summaries.Name | Should -Be @('00000', '00001', '00002')
        $summaries.ForEach('Count') | Should -Be @(5, 5, 2)
        $summaries[0].Format | Should -Be $Format
        Test-Path (Join-Path $out $Main) | Should -BeTrue
        Get-ChildItem $out -Recurse -Filter '*.partial' | Should -BeNullOrEmpty
        $stored = @(Get-DatasetSample $out | Where-Object Image)
        $stored.Key | Should -Be $successKeys
        $stored.Caption | Should -Be @('caption 0', 'caption 1', 'caption 2', 'caption 4', 'caption 5', 'caption 7', 'caption 9', 'caption 11')
        $stored | ForEach-Object { $_.Image[0..1] | Should -Be @(0xFF, 0xD8) }
    }

    It 'keeps refused and broken images only in the metadata, with the reason' {
        $out = Join-Path $TestDrive 'metadata'
        $samples | Export-WebDataset $out | Out-Null

        $stats = Get-DatasetStatistics $out
        $stats.Count | Should -Be 12
        $stats.Successes | Should -Be 8
        $stats.FailedToDownload | Should -Be 2
        $stats.FailedToResize | Should -Be 2
        $stats.StatusDict['Use of image disallowed by X-Robots-Tag directive'] | Should -Be 1
        $stats.StatusDict['HTTP Error 404: Not Found'] | Should -Be 1
        $stats.StatusDict['Image decoding error'] | Should -Be 2
        $stored = @(Get-DatasetSample $out)
        $stored.Key | Should -Not -Contain '000003'
        $metadata = @(Get-DatasetSample $out | Select-Object -ExpandProperty Metadata)
        $metadata.Count | Should -Be 8
    }

    It 'writes one metadata parquet row per input row in every format, refusals named in opt_out' {
        $out = Join-Path $TestDrive 'parquet-metadata'
        $samples | Export-ParquetDataset $out | Out-Null

        $rows = @(Get-DatasetSample $out)
        $rows.Count | Should -Be 12
        $refused = $rows | Where-Object Key -eq '000003'
        $refused.Image | Should -BeNullOrEmpty
        $refused.Metadata['status'] | Should -Be 'failed_to_download'
        $optOut = $refused.Metadata['opt_out'] | ConvertFrom-Json
        $optOut.signal | Should -Be 'XRobotsTag'
        $optOut.matched | Should -Be @('noai')
        ($rows | Where-Object Key -eq '000010').Metadata['sha256'] | Should -Match '^[0-9a-f]{64}$'
    }

    It 'accounts for unreadable input rows in the metadata when Import-UrlList passes them on' {
        $list = Join-Path $TestDrive 'with-bad-rows.jsonl'
        Set-Content $list ((0..5 | ForEach-Object {
                    switch ($_) {
                        2 { '{"url": ' }
                        4 { '{"url": ""}' }
                        default { "{`"url`": `"$base/images/64x48/$_.jpg`"}" }
                    }
                }) -join "`n")
        $out = Join-Path $TestDrive 'with-bad-rows'

        Import-UrlList $list -SamplesPerShard 3 -IncludeInvalidRows -ErrorAction SilentlyContinue |
            Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ImageSize 32 | Export-WebDataset $out | Out-Null

        $stats = Get-DatasetStatistics $out
        $stats.Count | Should -Be 6
        $stats.Successes | Should -Be 4
        $stats.FailedToDownload | Should -Be 2
        $parquet = Join-Path $TestDrive 'with-bad-rows-parquet'
        Import-UrlList $list -SamplesPerShard 3 -IncludeInvalidRows -ErrorAction SilentlyContinue |
            Invoke-ImageDownload -AllowPrivateNetwork | Export-ParquetDataset $parquet | Out-Null
        $rows = @(Get-DatasetSample $parquet | Sort-Object Key)
        $rows.Key | Should -Be @('000000', '000001', '000002', '000010', '000011', '000012')
        $rows[2].Metadata['status'] | Should -Be 'failed_to_download'
        $rows[2].Metadata['error_message'] | Should -Match ([regex]::Escape("${list}") + '.*line 3')
        $rows[4].Metadata['error_message'] | Should -Match 'line 5'
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif'
        $samples | Export-WebDataset $out -WhatIf | Should -BeNullOrEmpty
        Get-ChildItem $out -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'refuses to replace existing shards without -Force, and replaces them with it' {
        $out = Join-Path $TestDrive 'replace'
        $samples | Export-WebDataset $out | Out-Null

        $again = @($samples | Export-WebDataset $out -ErrorVariable refused -ErrorAction SilentlyContinue)
        $forced = @($samples | Export-WebDataset $out -Force)

        $again | Should -BeNullOrEmpty
        $refused.Count | Should -Be 3
        $refused[0].FullyQualifiedErrorId | Should -Be 'ShardExists,Img2Dataset.PowerShell.Commands.ExportWebDatasetCommand'
        $forced.Count | Should -Be 3
    }

    It 'leaves no finished-looking shard when the pipeline fails mid-shard' {
        $out = Join-Path $TestDrive 'interrupted'
        $count = 0
        { $samples | ForEach-Object { if (++$count -eq 8) { throw 'interrupted' }; $_ } | Export-WebDataset $out } | Should -Throw 'interrupted'

        # Shard 00000 completed before the failure; shard 00001 was half-written and must not exist at all.
        [string[]] $names = (Get-ChildItem $out).Name
        [Array]::Sort($names, [StringComparer]::Ordinal)
        $names | Should -Be @('00000.parquet', '00000.tar', '00000_stats.json')
    }

    It 'stores downloads as they came when given DownloadedImage records' {
        $out = Join-Path $TestDrive 'raw'
        Invoke-ImageDownload "$base/images/40x30/1.png" -AllowPrivateNetwork | Export-ImageFolder $out | Out-Null
        (Get-ChildItem (Join-Path $out '00000') -Filter *.png).Name | Should -Be '000000000.png'
    }

    It 'shows shard summaries as a table' {
        $table = $samples | Export-WebDataset (Join-Path $TestDrive 'table') | Out-String -Width 250
        $table | Should -Match 'Name\s+Format\s+Count\s+Successes\s+Failed\s+Bytes\s+Path'
    }

    It 'reports a missing dataset folder with PathNotFound and a file in its place with DatasetNotFound' {
        { Get-DatasetStatistics (Join-Path $TestDrive 'absent') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,Img2Dataset.PowerShell.Commands.GetDatasetStatisticsCommand'
        $file = Join-Path $TestDrive 'not-a-folder.txt'
        Set-Content $file 'x'
        { Get-DatasetStatistics $file -ErrorAction Stop } | Should -Throw -ErrorId 'DatasetNotFound,Img2Dataset.PowerShell.Commands.GetDatasetStatisticsCommand'
    }

    It 'reads datasets in folders whose names hold wildcard characters by -LiteralPath and from Get-ChildItem' {
        $parent = Join-Path $TestDrive 'literal-datasets'
        $out = Join-Path $parent 'set[1]'
        $samples | Export-WebDataset -OutputFolder $out | Out-Null

        (Get-DatasetStatistics -LiteralPath $out).Count | Should -Be 12
        @(Get-ChildItem -LiteralPath $parent -Directory | Get-DatasetSample | Where-Object Image).Count | Should -BeGreaterThan 0
        (Get-DatasetStatistics -Path (Join-Path $parent 'set*')).Count | Should -Be 12
    }
}

Describe 'Getting the whole dataset back' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-TestModulePath) -Force
        $metadataServer = Start-ImageServer -ServerPath (Get-TestImageServerPath)
        $list = Join-Path $TestDrive 'rows.csv'
        @(
            [pscustomobject]@{ url = "$($metadataServer.BaseUrl)/images/8x8/1.jpg"; caption = 'one'; score = '7' }
            [pscustomobject]@{ url = "$($metadataServer.BaseUrl)/images/8x8/2.jpg?header=X-Robots-Tag:noai"; caption = 'two'; score = '8' }
            [pscustomobject]@{ url = "$($metadataServer.BaseUrl)/images/8x8/3.jpg?status=404"; caption = 'three'; score = '9' }
        ) | Export-Csv $list -UseQuotes AsNeeded
        $dataset = Join-Path $TestDrive 'whole'
        Invoke-Img2Dataset $list $dataset -OutputFormat parquet -CaptionColumn caption -SaveAdditionalColumns score -AllowPrivateNetwork -ImageSize 8 | Out-Null
    }

    AfterAll {
        Stop-ImageServer $metadataServer
    }

    It 'returns every metadata row, failures included, as flat objects without image bytes' {
        $rows = @(Get-DatasetMetadata $dataset)

        $rows.Count | Should -Be 3
        $rows.status | Sort-Object | Should -Be @('failed_to_download', 'failed_to_download', 'success')
        ($rows | Where-Object status -eq 'success').caption | Should -Be 'one'
        ($rows | Where-Object caption -eq 'two').opt_out | Should -BeLike '*XRobotsTag*'
        $rows[0].PSObject.Properties.Name | Should -Contain 'score'
        $rows[0].PSObject.Properties.Value | ForEach-Object { $_ | Should -Not -BeOfType [byte[]] }
    }

    It 'goes to Export-Csv and Group-Object as it is' {
        $csv = Join-Path $TestDrive 'rows-out.csv'
        Get-DatasetMetadata $dataset | Export-Csv $csv

        $read = @(Import-Csv $csv)
        $read.Count | Should -Be 3
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.Byte\[\]|System\.Collections'
        (Get-DatasetMetadata $dataset | Group-Object status -NoElement | Where-Object Name -eq 'failed_to_download').Count | Should -Be 2
    }

    It 'gives statistics their folder, a status table and a TimeSpan duration' {
        $statistics = Get-DatasetStatistics $dataset

        $statistics.Path | Should -Be $dataset
        $statistics.Duration | Should -BeOfType [TimeSpan]
        ($statistics.Statuses | Where-Object Status -eq 'success').Count | Should -Be 1
        $statistics.Statuses.Count | Should -Be 3
    }
}
