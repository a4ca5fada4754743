# The card's pipeline, Import-UrlList | Test-RobotsDirective | Invoke-ImageDownload | Resize-DatasetImage | Export-*,
# across its seams: rows keep who they are, what an audit refused is never downloaded, read-back loses nothing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl

    # 40 rows with a caption and an extra column, in shards of 10; every 7th refused by its headers, one a 404.
    $list = Join-Path $TestDrive 'card.csv'
    0..39 | ForEach-Object {
        $query = if ($_ % 7 -eq 3) { '?header=X-Robots-Tag:noai&group=card-refused' } elseif ($_ -eq 5) { '?status=404' } else { '?group=card-allowed' }
        [pscustomobject]@{ url = "$base/images/40x30/$_.jpg$query"; caption = "caption $_"; label = "label-$($_ % 3)" }
    } | Export-Csv $list -UseQuotes AsNeeded
    $import = @{ CaptionColumn = 'caption'; AdditionalColumns = 'label'; SamplesPerShard = 10 }
    $network = @{ AllowPrivateNetwork = $true; ThrottleLimit = 8 }

    function Get-GetCount([string] $Group) { (Invoke-RestMethod "$base/_control/peak?group=$Group`:GET").requests }

    function Get-DatasetContent([string] $Folder) {
        # Everything a dataset holds, as comparable text: every metadata row, and every stored sample with its image's hash.
        [pscustomobject]@{
            Metadata = Get-DatasetMetadata $Folder | Sort-Object key | ConvertTo-Json -Depth 4
            Samples  = Get-DatasetSample $Folder | Sort-Object Key | ForEach-Object {
                '{0} {1} {2}' -f $_.Key, $_.Caption, [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$_.Image))
            }
            Shards   = (Get-ChildItem $Folder -Filter *.tar).Name
        }
    }

    # The card's pipeline without the audit, then with it; every Describe below reads these two datasets.
    $without = Join-Path $TestDrive 'without-audit'
    $with = Join-Path $TestDrive 'with-audit'
    Import-UrlList $list @import | Invoke-ImageDownload @network | Resize-DatasetImage -ImageSize 16 | Export-WebDataset $without | Out-Null
    $refusedGets = Get-GetCount 'card-refused'
    $allowedGets = Get-GetCount 'card-allowed'
    $shards = @(Import-UrlList $list @import | Test-RobotsDirective @network | Invoke-ImageDownload @network |
        Resize-DatasetImage -ImageSize 16 | Export-WebDataset $with)
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Row identity through the whole pipeline' {
    It 'writes the same dataset with Test-RobotsDirective as without it, and never downloads what the audit refused' {
        (Get-GetCount 'card-refused') | Should -Be $refusedGets -Because 'a row the audit refused is not requested again'
        (Get-GetCount 'card-allowed') | Should -Be (2 * $allowedGets)
        $expected = Get-DatasetContent $without
        $actual = Get-DatasetContent $with
        ($shards.Name | Sort-Object) | Should -Be @('00000', '00001', '00002', '00003')
        $actual.Shards | Should -Be $expected.Shards
        $actual.Samples | Should -Be $expected.Samples
        $actual.Metadata | Should -Be $expected.Metadata
        $refused = @(Get-DatasetMetadata $with | Where-Object { $_.opt_out })
        $refused.key | Should -Be @('000003', '000010', '000017', '000024', '000031', '000038')
        $refused.caption | Should -Be @('caption 3', 'caption 10', 'caption 17', 'caption 24', 'caption 31', 'caption 38')
        ($refused[0].opt_out | ConvertFrom-Json).signal | Should -Be 'XRobotsTag'
    }

    It 'keeps each row''s key and shard in Invoke-Img2Dataset, in whatever order the audited rows arrive' {
        $direct = Join-Path $TestDrive 'job-direct'
        $piped = Join-Path $TestDrive 'job-piped'
        $job = @{ ImageSize = 16; OutputFormat = 'webdataset' }
        Invoke-Img2Dataset $list $direct @network @job -CaptionColumn caption -SaveAdditionalColumns label -SamplesPerShard 10 | Out-Null

        Import-UrlList $list @import | Test-RobotsDirective @network | Sort-Object Url -Descending |
            Invoke-Img2Dataset -OutputFolder $piped @network @job -WarningVariable warned | Out-Null

        "$warned" | Should -Not -Match 'numbered in the order they arrived'
        $expected = Get-DatasetContent $direct
        $actual = Get-DatasetContent $piped
        $actual.Shards | Should -Be $expected.Shards
        $actual.Samples | Should -Be $expected.Samples
        $actual.Metadata | Should -Be $expected.Metadata
    }

    It 'numbers piped rows as they arrive, and says so, when two lists give the same keys' {
        $twice = Join-Path $TestDrive 'job-twice'
        @(Import-UrlList $list @import | Select-Object -First 3) + @(Import-UrlList $list @import | Select-Object -Skip 10 -First 2) + @(Import-UrlList $list @import | Select-Object -First 1) |
            Invoke-Img2Dataset -OutputFolder $twice @network -ImageSize 16 -OutputFormat webdataset -WarningVariable warned -WarningAction SilentlyContinue | Out-Null

        "$warned" | Should -Match 'numbered in the order they arrived'
        $rows = Get-DatasetMetadata $twice | Sort-Object key
        $rows.key | Should -Be @('000000000', '000000001', '000000002', '000000003', '000000004', '000000005')
        $rows.caption | Should -Be @('caption 0', 'caption 1', 'caption 2', 'caption 10', 'caption 11', 'caption 0')
    }

    It 'passes each UrlRow on with its verdict attached, and a bare URL gets a verdict' {
        $rows = @(Import-UrlList $list @import | Select-Object -First 4 | Test-RobotsDirective @network)

        $rows | ForEach-Object { $_ | Should -BeOfType ([Img2Dataset.UrlRow]) }
        ($rows | Sort-Object Key).Key | Should -Be @('000000', '000001', '000002', '000003')
        ($rows | Sort-Object Key).Caption | Should -Be @('caption 0', 'caption 1', 'caption 2', 'caption 3')
        ($rows | Where-Object Key -eq '000003').Allowed | Should -BeFalse
        ($rows | Where-Object Key -eq '000003').Verdict.Signal | Should -Be 'XRobotsTag'
        ($rows | Where-Object Key -eq '000001').AdditionalColumns[0].Value | Should -Be 'label-1'
        Test-RobotsDirective "$base/images/8x8/1.jpg" @network | Should -BeOfType ([Img2Dataset.OptOutVerdict])
    }

    It 'fails a refused row in Invoke-ImageDownload with the verdict as its opt-out evidence' {
        $before = Get-GetCount 'card-refused'
        $image = Import-UrlList $list @import | Select-Object -Skip 3 -First 1 | Test-RobotsDirective @network | Invoke-ImageDownload @network

        $image.Status | Should -Be 'failed_to_download'
        $image.ErrorMessage | Should -Be 'Use of image disallowed by X-Robots-Tag directive'
        $image.OptOut.Signal | Should -Be 'XRobotsTag'
        $image.OptOut.MatchedDirectives | Should -Be @('noai')
        $image.Row.Caption | Should -Be 'caption 3'
        (Get-GetCount 'card-refused') | Should -Be $before
    }
}

Describe 'One shape per type' {
    It 'gives every metadata row every column of the parquet, in its order, so Export-Csv and Import-Csv keep every failure reason' {
        $rows = @(Get-DatasetMetadata $with)
        $columns = $rows[0].PSObject.Properties.Name

        $rows | ForEach-Object { $_.PSObject.Properties.Name | Should -Be $columns }
        $columns | Should -Be @('label', 'caption', 'url', 'key', 'status', 'error_message', 'width', 'height', 'original_width', 'original_height', 'exif', 'sha256', 'opt_out')
        $csv = Join-Path $TestDrive 'metadata.csv'
        $rows | Export-Csv $csv
        $imported = @(Import-Csv $csv)
        $imported.Count | Should -Be 40
        for ($i = 0; $i -lt $rows.Count; $i++) {
            foreach ($name in $columns) { $imported[$i].$name | Should -Be ([string]$rows[$i].$name) -Because "row $i, column $name" }
        }
        @($imported | Where-Object error_message).Count | Should -Be 7
        @($imported | Where-Object opt_out).Count | Should -Be 6
    }
}

Describe 'Objects that read well' {
    BeforeAll {
        $url = "$base/images/40x30/1.jpg?group=card-allowed"
        $refusedUrl = "$base/images/40x30/3.jpg?header=X-Robots-Tag:noai&group=card-refused"
        $refusedImage = $refusedUrl | Invoke-ImageDownload @network
        $statistics = Get-DatasetStatistics $with
        $job = Invoke-Img2Dataset $list (Join-Path $TestDrive 'job') @network -CaptionColumn caption -SamplesPerShard 10 -ImageSize 16 -OutputFormat webdataset
        $objects = [ordered]@{
            UrlRow            = Import-UrlList $list @import | Select-Object -First 2
            OptOutVerdict     = Test-RobotsDirective $refusedUrl @network
            OptOutDecision    = $refusedImage.OptOut
            DownloadedImage   = $url, $refusedUrl | Invoke-ImageDownload @network
            DatasetSample     = $url, $refusedUrl | Invoke-ImageDownload @network | Resize-DatasetImage -ImageSize 16
            ShardSummary      = $shards
            StoredSample      = Get-DatasetSample $with | Select-Object -First 2
            MetadataRow       = Get-DatasetMetadata $with | Select-Object -First 5
            JobSummary        = $job
            DatasetStatistics = $statistics
            StatusCount       = $statistics.Statuses
            MaintenanceSummary = & {
                Copy-Item $with (Join-Path $TestDrive 'maintained') -Recurse
                Remove-DatasetSample (Join-Path $TestDrive 'maintained') -Key (Get-DatasetMetadata $with | Select-Object -First 1).key
            }
            MaintenanceRecord = (Get-DatasetStatistics (Join-Path $TestDrive 'maintained')).History
        }
    }

    It '<_> has a table view that fits 120 columns and keeps its URL whole' -ForEach @(
        'UrlRow', 'OptOutVerdict', 'OptOutDecision', 'DownloadedImage', 'DatasetSample', 'ShardSummary', 'StoredSample', 'MetadataRow', 'JobSummary', 'DatasetStatistics', 'StatusCount',
        'MaintenanceSummary', 'MaintenanceRecord'
    ) {
        $table = $objects[$_] | Format-Table | Out-String -Width 120
        $lines = $table -split '\r?\n'

        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
        $table | Should -Not -Match '\{|System\.' -Because 'a table shows values, not type names'
        if ($lines[1] -match '(?i)\burl\b') {
            # The URL column is the last: what a long URL does not fit on one line continues on the next, never cut.
            $start = [regex]::Match($lines[1], '(?i)\burl\b').Index
            $column = -join ($lines | Select-Object -Skip 3 | Where-Object { $_.Length -gt $start } | ForEach-Object { $_.Substring($start).TrimEnd() })
            $column | Should -BeLike "*$(@($objects[$_])[0].Url)*"
        }
    }

    It '<_> has a list view with every property' -ForEach @(
        'UrlRow', 'OptOutVerdict', 'OptOutDecision', 'DownloadedImage', 'DatasetSample', 'ShardSummary', 'StoredSample', 'JobSummary', 'DatasetStatistics',
        'MaintenanceSummary', 'MaintenanceRecord'
    ) {
        $item = @($objects[$_])[0]
        $list = $item | Format-List | Out-String -Width 300
        $labels = @($list -split '\r?\n' | Where-Object { $_ -match '^(\w+)\s*:' } | ForEach-Object { $Matches[1] })
        # What a list leaves out must be derivable from what it shows, or the object's own content under another name.
        $derived = @{ Bytes = 'Length'; Image = 'Bytes'; Download = 'Row'; Metadata = 'Metadata'; HasEvidence = 'Ignored'; Keys = 'Layout' }
        $properties = $item.PSObject.Properties.Name | Where-Object { $_ -notin 'Length', 'Succeeded', 'Lease', 'Decision', 'MatchedDirectives', 'StatusDict', 'Statuses' }

        foreach ($name in $properties) {
            ($name -in $labels -or $derived[$name] -in $labels -or $name -eq 'Download') | Should -BeTrue -Because "the list of $_ shows $name"
        }
    }

    It '<_> says what it is when turned into text' -ForEach @(
        'UrlRow', 'OptOutVerdict', 'OptOutDecision', 'DownloadedImage', 'DatasetSample', 'ShardSummary', 'StoredSample', 'JobSummary', 'DatasetStatistics', 'StatusCount',
        'MaintenanceSummary', 'MaintenanceRecord'
    ) {
        $text = "$(@($objects[$_])[0])"

        $text | Should -Not -BeNullOrEmpty
        $text | Should -Not -Match 'System\.|Img2Dataset\.Engine|\{ \w+ = ' -Because 'ToString says what the object is, not its type or a record dump'
    }

    It 'shows rates as percentages of numbers from 0 to 1, and durations with their days, the same way in every view' {
        $job.SuccessRate | Should -BeOfType ([double])
        $job.SuccessRate | Should -BeLessOrEqual 1
        ($job | Format-List | Out-String) | Should -Match ('SuccessRate\s+: ' + [regex]::Escape([Img2Dataset.PowerShell.Presentation]::Rate($job.SuccessRate)))
        ($statistics | Format-List | Out-String) | Should -Match ('SuccessRate\s+: ' + [regex]::Escape([Img2Dataset.PowerShell.Presentation]::Rate($statistics.SuccessRate)))
        [Img2Dataset.PowerShell.Presentation]::Rate(0.76) | Should -Be '76.0 %'
        [Img2Dataset.PowerShell.Presentation]::Duration([timespan]::new(2, 3, 4, 5)) | Should -Be '2d 03:04:05'
        [Img2Dataset.PowerShell.Presentation]::Duration([timespan]::FromSeconds(1.34)) | Should -Be '00:00:01.3'
        [Img2Dataset.PowerShell.Presentation]::Duration([timespan]::FromMinutes(61)) | Should -Be '01:01:00'
        ($job | Format-List | Out-String) | Should -Match ('Duration\s+: ' + [regex]::Escape([Img2Dataset.PowerShell.Presentation]::Duration($job.Duration)))
    }
}

Describe 'Inputs from Windows' {
    BeforeAll {
        $utf16Rows = @("$base/images/8x8/1.jpg", "$base/images/8x8/2.jpg")
        $utf16Captions = @('café ☕', 'naïve 日本')
    }

    It 'reads a <Format> list saved as <Encoding>, as Windows PowerShell 5.1''s > and Out-File write it' -ForEach @(
        @{ Format = 'txt'; Encoding = 'Unicode' }, @{ Format = 'txt'; Encoding = 'BigEndianUnicode' }
        @{ Format = 'csv'; Encoding = 'Unicode' }, @{ Format = 'tsv'; Encoding = 'BigEndianUnicode' }
        @{ Format = 'jsonl'; Encoding = 'Unicode' }, @{ Format = 'json'; Encoding = 'Unicode' }
    ) {
        $text = switch ($Format) {
            'txt' { $utf16Rows -join "`r`n" }
            'csv' { "url,caption`r`n" + (($utf16Rows | ForEach-Object -Begin { $i = 0 } { "$_,$($utf16Captions[$i++])" }) -join "`r`n") }
            'tsv' { "url`tcaption`r`n" + (($utf16Rows | ForEach-Object -Begin { $i = 0 } { "$_`t$($utf16Captions[$i++])" }) -join "`r`n") }
            'jsonl' { ($utf16Rows | ForEach-Object -Begin { $i = 0 } { @{ url = $_; caption = $utf16Captions[$i++] } | ConvertTo-Json -Compress }) -join "`r`n" }
            'json' { ConvertTo-Json @($utf16Rows | ForEach-Object -Begin { $i = 0 } { @{ url = $_; caption = $utf16Captions[$i++] } }) }
        }
        $path = Join-Path $TestDrive "utf16-$Encoding.$Format"
        [IO.File]::WriteAllText($path, $text, [Text.Encoding]::$Encoding)
        $captions = if ($Format -ne 'txt') { @{ CaptionColumn = 'caption' } } else { @{} }

        $rows = @(Import-UrlList $path @captions -ErrorAction Stop)

        $rows.Url | Should -Be $utf16Rows
        if ($Format -ne 'txt') { $rows.Caption | Should -Be $utf16Captions }
    }

    It 'reads a gzipped UTF-16 list' {
        $path = Join-Path $TestDrive 'utf16.txt.gz'
        $file = [IO.File]::Create($path)
        $gzip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Fastest)
        $bytes = [Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes($utf16Rows -join "`r`n")
        $gzip.Write($bytes, 0, $bytes.Length)
        $gzip.Dispose(); $file.Dispose()

        (Import-UrlList $path -ErrorAction Stop).Url | Should -Be $utf16Rows
    }

    It 'takes escaped wildcard characters in -Path as Get-Content does' {
        $folder = Join-Path $TestDrive 'brackets'
        New-Item -ItemType Directory -Force $folder | Out-Null
        $utf16Rows | Set-Content -LiteralPath (Join-Path $folder 'list[1].txt')
        $escaped = Join-Path $folder 'list`[1`].txt'

        (Get-Content $escaped) | Should -Be $utf16Rows
        (Import-UrlList $escaped -ErrorAction Stop).Url | Should -Be $utf16Rows
        $summary = Invoke-Img2Dataset $escaped (Join-Path $TestDrive 'brackets-out') @network -ImageSize 8 -OutputFormat dummy
        $summary.Count | Should -Be 2
    }

    It 'reads a list another program holds open for writing, as Excel holds the CSV it shows' {
        # Windows refuses a reader that does not share writing with such a holder; Linux and macOS do not enforce
        # share modes between readers, so there this test shows only that reading shares them.
        $path = Join-Path $TestDrive 'held.txt'
        $utf16Rows | Set-Content $path
        $holder = [IO.File]::Open($path, 'Open', 'ReadWrite', 'ReadWrite')
        try { (Import-UrlList $path -ErrorAction Stop).Url | Should -Be $utf16Rows }
        finally { $holder.Dispose() }
    }
}

Describe 'A dataset that can move' {
    It 'records paths inside the dataset relative to it, so -ConfigFile of a copy resumes the copy' {
        $original = Join-Path $TestDrive 'movable'
        New-Item -ItemType Directory -Force (Join-Path $original 'lists') | Out-Null
        $inner = Join-Path $original 'lists/urls.txt'
        1..4 | ForEach-Object { "$base/images/8x8/$_.jpg" } | Set-Content $inner
        Invoke-Img2Dataset $inner $original @network -SamplesPerShard 2 -ImageSize 8 -OutputFormat webdataset | Out-Null
        $config = Get-Content (Join-Path $original '.img2dataset/config.json') -Raw | ConvertFrom-Json
        $config.url_list | Should -Be @('lists/urls.txt')
        $config.output_folder | Should -Be '.'

        $copy = Join-Path $TestDrive 'moved'
        Copy-Item $original $copy -Recurse
        Remove-Item (Join-Path $copy '00001_stats.json'), (Join-Path $copy '00001.tar')
        $before = (Get-Item (Join-Path $original '.img2dataset/config.json')).LastWriteTimeUtc
        $summary = Invoke-Img2Dataset -ConfigFile (Join-Path $copy '.img2dataset/config.json')

        $summary.ShardsWritten | Should -Be 1
        $summary.ShardsSkipped | Should -Be 1
        Test-Path (Join-Path $copy '00001_stats.json') | Should -BeTrue
        (Get-Item (Join-Path $original '.img2dataset/config.json')).LastWriteTimeUtc | Should -Be $before
    }
}

Describe 'Progress a person can plan with' {
    BeforeAll {
        function Invoke-Observed([string] $Script) {
            # Runs a script in a runspace of its own, whose streams (progress, verbose) can be read afterwards.
            $shell = [powershell]::Create()
            $null = $shell.AddScript("Import-Module '$(Get-TestModulePath)'; $Script")
            $output = $shell.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($shell.Streams.Progress); Verbose = @($shell.Streams.Verbose.Message); Errors = @($shell.Streams.Error) }
        }
        $slow = Join-Path $TestDrive 'slow.txt'
        1..12 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=150" } | Set-Content $slow
    }

    It 'shows the time left and the current shard while a job runs' {
        $run = Invoke-Observed "Invoke-Img2Dataset '$slow' '$(Join-Path $TestDrive 'progress')' -AllowPrivateNetwork -ThrottleLimit 2 -SamplesPerShard 4 -ImageSize 8 -OutputFormat dummy"

        $run.Errors | Should -BeNullOrEmpty
        $running = @($run.Progress | Where-Object RecordType -eq 'Processing' | Where-Object SecondsRemaining -gt 0)
        $running | Should -Not -BeNullOrEmpty
        $running.CurrentOperation | Should -Match '^shard \d+$'
    }

    It 'shows the time left and the current shard in Invoke-ImageDownload when it knows its total' {
        $run = Invoke-Observed "Invoke-ImageDownload (Get-Content '$slow') -AllowPrivateNetwork -ThrottleLimit 2 | Out-Null"

        $running = @($run.Progress | Where-Object RecordType -eq 'Processing' | Where-Object SecondsRemaining -gt 0)
        $running | Should -Not -BeNullOrEmpty
        $running.CurrentOperation | Should -Match '^shard 0$'
    }

    It 'says on -Verbose what each cmdlet of the card''s pipeline did' {
        $run = Invoke-Observed "`$VerbosePreference = 'Continue'; Import-UrlList '$list' -CaptionColumn caption -SamplesPerShard 10 | Test-RobotsDirective -AllowPrivateNetwork |
            Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ImageSize 8 | Export-WebDataset '$(Join-Path $TestDrive 'verbose')' | Out-Null"

        $run.Verbose | Should -Contain "Reading $list"
        $run.Verbose | Should -Contain "Read 40 rows (0 invalid) from $list into shards 0 to 3"
        $run.Verbose | Should -Contain 'Audited 40 URLs: 34 allowed, 6 refused (XRobotsTag 6), 0 undecided (no headers could be had).'
        $run.Verbose | Should -Contain 'Downloaded 40 rows: 33 succeeded, 7 failed to download (6 refused by opt-out signals, 6 of them by an audit upstream, not requested), 0 failed to resize.'
        $run.Verbose | Should -Contain 'Transformed 40 rows: 33 succeeded, 7 failed to download (6 refused by opt-out signals, 6 of them by an audit upstream, not requested), 0 failed to resize.'
        @($run.Verbose | Where-Object { $_ -like 'Shard 0000? written to *: * of 10 rows succeeded.' }).Count | Should -Be 4
    }

    It 'says how to resume after Ctrl+C' -Skip:(-not $IsLinux) {
        $out = Join-Path $TestDrive 'interrupted'
        $start = New-PwshStartInfo '-Command', "Import-Module '$(Get-TestModulePath)'; Invoke-Img2Dataset '$slow' '$out' -AllowPrivateNetwork -ThrottleLimit 1 -SamplesPerShard 2 -ImageSize 8 -OutputFormat webdataset"
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Test-Path (Join-Path $out '00000_stats.json')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        & kill -s INT $process.Id
        $process.WaitForExit(15000) | Should -BeTrue

        ($output.Result + $errors.Result) | Should -Match 'Run the same command again to resume'
        (Get-ChildItem $out -Filter '*_stats.json').Count | Should -BeLessThan 6
        Invoke-Img2Dataset $slow $out @network -SamplesPerShard 2 -ImageSize 8 -OutputFormat webdataset | Out-Null
        (Get-ChildItem $out -Filter '*_stats.json').Count | Should -Be 6
    }
}
