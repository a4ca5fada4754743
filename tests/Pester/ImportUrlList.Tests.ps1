BeforeDiscovery {
    $textFormats = 'txt', 'txt.gz', 'csv', 'csv.gz', 'tsv', 'tsv.gz', 'json', 'json.gz', 'jsonl', 'jsonl.gz'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    $rows = 0..4 | ForEach-Object { [pscustomobject]@{ url = "http://127.0.0.1/images/64x64/$_.jpg"; caption = if ($_) { "caption $_" } else { '' } } }

    function New-UrlList([string] $Format) {
        $kind = $Format -replace '\.gz$'
        $text = switch ($kind) {
            'txt' { ($rows.url -join "`n") + "`n" }
            'csv' { ($rows | ConvertTo-Csv -UseQuotes AsNeeded) -join "`n" }
            'tsv' { ($rows | ConvertTo-Csv -Delimiter "`t" -UseQuotes AsNeeded) -join "`n" }
            'json' { $rows | ConvertTo-Json }
            'jsonl' { ($rows | ForEach-Object { $_ | ConvertTo-Json -Compress }) -join "`n" }
        }
        $path = Join-Path $TestDrive "list.$Format"
        if ($Format -like '*.gz') { New-GzipFile $path $text } else { [IO.File]::WriteAllText($path, $text) }
        $path
    }
}

Describe 'Import-UrlList' {
    It 'reads <_> as rows with keys and captions' -ForEach $textFormats {
        $path = New-UrlList $_
        $captionColumn = if ($_ -like 'txt*') { $null } else { 'caption' }

        $read = @(Import-UrlList $path -CaptionColumn $captionColumn)

        $read.Count | Should -Be 5
        # The engine lives in a private load context, so its types are checked by name, not by type literal.
        $read[0].GetType().FullName | Should -Be 'Img2Dataset.Engine.Input.UrlRow'
        $read.Url | Should -Be $rows.url
        $read.Key | Should -Be @('000000000', '000000001', '000000002', '000000003', '000000004')
        if ($captionColumn) { $read.Caption | Should -Be $rows.caption }
    }

    It 'reads the reference''s parquet fixture with its bbox column' {
        $read = @(Import-UrlList (Get-ReferenceFixture 'blur_test_files/test_bbox.parquet') -CaptionColumn txt -BboxColumn bboxes)

        $read.Count | Should -Be 1
        $read[0].Caption | Should -Be 'Lorem Ipsum'
        $read[0].Bboxes.Count | Should -Be 1
        $read[0].Bboxes[0].XMin | Should -BeGreaterThan 0.6
        $read[0].Bboxes[0].YMax | Should -BeLessThan 0.62
    }

    It 'keeps the hash column and additional columns of the reference''s parquet fixture' {
        $read = @(Import-UrlList (Get-ReferenceFixture 'test_files/sample_image.parquet') -InputFormat parquet -HashColumn sha256hash -AdditionalColumns txt)

        $read.Count | Should -Be 2
        $read[0].ExpectedHash | Should -Match '^[0-9a-f]{64}$'
        $read[0].ExpectedHash | Should -Not -Be $read[1].ExpectedHash
        $read[0].AdditionalColumns[0].Key | Should -Be 'txt'
    }

    It 'takes paths from Get-ChildItem by property name and numbers shards on across files' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'many')
        Set-Content (Join-Path $folder 'a.txt') "http://a/1`nhttp://a/2`nhttp://a/3"
        Set-Content (Join-Path $folder 'b.txt') 'http://b/1'

        $read = @(Get-ChildItem $folder -Filter *.txt | Sort-Object Name | Import-UrlList -SamplesPerShard 2)

        $read.ShardId | Should -Be @(0, 0, 1, 2)
        $read.Key | Should -Be @('000000', '000001', '000010', '000020')
    }

    It 'expands wildcards and reads folders' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'wild')
        Set-Content (Join-Path $folder 'x1.txt') 'http://x/1'
        Set-Content (Join-Path $folder 'x2.txt') 'http://x/2'

        @(Import-UrlList (Join-Path $folder 'x*.txt')).Url | Should -Be @('http://x/1', 'http://x/2')
        @(Import-UrlList $folder -InputFormat txt).Url | Should -Be @('http://x/1', 'http://x/2')
    }

    It 'stops reading when the pipeline needs no more rows' {
        # The 7th line is bad and -ErrorAction Stop would throw on it: taking 3 rows must never get there.
        $path = Join-Path $TestDrive 'early.csv'
        Set-Content $path ("url,caption`n" + ((1..5 | ForEach-Object { "http://a/$_.jpg,c$_" }) -join "`n") + "`n,no url`nhttp://a/7.jpg,c7")

        $first = @(Import-UrlList $path -CaptionColumn caption -ErrorAction Stop | Select-Object -First 3)

        $first.Caption | Should -Be @('c1', 'c2', 'c3')
        { Import-UrlList $path -CaptionColumn caption -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidUrlRow,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'reports a bad row as a non-terminating error naming file and line, and keeps the keys of later rows' {
        $path = Join-Path $TestDrive 'bad.jsonl'
        Set-Content $path "{`"url`":`"http://a/1`"}`n{`"url`": oops}`n{`"url`":`"http://a/3`"}"

        $read = @(Import-UrlList $path -ErrorVariable rowErrors -ErrorAction SilentlyContinue)

        $read.Key | Should -Be @('000000000', '000000002')
        $rowErrors.Count | Should -Be 1
        $rowErrors[0].FullyQualifiedErrorId | Should -Be 'InvalidUrlRow,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
        $rowErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $rowErrors[0].TargetObject | Should -Be "${path}:2"
        $rowErrors[0].Exception.Message | Should -Match 'line 2: malformed JSON'
    }

    It 'outputs bad rows after their errors with -IncludeInvalidRows, saying why' {
        $path = Join-Path $TestDrive 'bad-included.jsonl'
        Set-Content $path "{`"url`":`"http://a/1`"}`n{`"url`": oops}`n{`"url`":`"`"}`n{`"url`":`"http://a/4`"}"

        $read = @(Import-UrlList $path -IncludeInvalidRows -ErrorVariable rowErrors -ErrorAction SilentlyContinue)

        $read.Key | Should -Be @('000000000', '000000001', '000000002', '000000003')
        @($read | Where-Object InputError).Key | Should -Be @('000000001', '000000002')
        $read[1].InputError | Should -Match 'line 2: malformed JSON'
        $read[2].InputError | Should -Match 'line 3'
        $read[0].InputError | Should -BeNullOrEmpty
        $rowErrors.Count | Should -Be 2
    }

    It 'reports a missing file with PathNotFound' {
        { Import-UrlList (Join-Path $TestDrive 'absent.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'reports a wildcard that matches nothing with PathNotFound' {
        { Import-UrlList (Join-Path $TestDrive 'nothing*.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'fails on an unknown extension with UnknownInputFormat' {
        $path = Join-Path $TestDrive 'list.xlsx'
        Set-Content $path 'x'
        { Import-UrlList $path } | Should -Throw -ErrorId 'UnknownInputFormat,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'fails on a missing url column naming the columns that exist' {
        $path = New-UrlList 'csv'
        $failure = { Import-UrlList $path -UrlColumn URL } | Should -Throw -ErrorId 'MissingColumn,Img2Dataset.PowerShell.Commands.ImportUrlListCommand' -PassThru
        $failure.Exception.Message | Should -Match "no column named 'URL'; the columns are: url, caption"
    }

    It 'refuses reserved additional columns before reading' {
        { Import-UrlList (New-UrlList 'csv') -AdditionalColumns caption, status } |
            Should -Throw -ErrorId 'InvalidUrlListOption,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'validates the input format and shard size parameters' {
        { Import-UrlList (New-UrlList 'csv') -InputFormat xml } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
        { Import-UrlList (New-UrlList 'csv') -SamplesPerShard 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }

    It 'accepts the img2dataset option names as aliases' {
        $read = @(Import-UrlList -url_list (New-UrlList 'csv') -caption_col caption -number_sample_per_shard 1000 -oom_shard_count 3)
        $read[4].Key | Should -Be '000004'
    }

    It 'shows rows as a Key, Allowed, Caption, Url table' {
        $table = Import-UrlList (New-UrlList 'csv') -CaptionColumn caption | Out-String -Width 200
        $table | Should -Match 'Key\s+Allowed\s+Caption\s+Url'
        $table | Should -Match '000000001\s+caption 1\s+http://127.0.0.1/images/64x64/1.jpg'
    }
}

Describe 'Paths as PowerShell takes them' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'literal'
        New-Item -ItemType Directory -Force $folder | Out-Null
        $bracketed = Join-Path $folder 'list[1].txt'
        [IO.File]::WriteAllText($bracketed, "http://127.0.0.1/a.jpg`nhttp://127.0.0.1/b.jpg`n")
        $plain = Join-Path $folder 'plain.txt'
        Set-Content $plain 'http://127.0.0.1/c.jpg'
    }

    It 'reads a file whose name holds wildcard characters by -LiteralPath and from Get-ChildItem' {
        @(Import-UrlList -LiteralPath $bracketed).Url | Should -Be @('http://127.0.0.1/a.jpg', 'http://127.0.0.1/b.jpg')
        @(Get-ChildItem -LiteralPath $bracketed | Import-UrlList).Count | Should -Be 2
        @(Import-UrlList -LP $bracketed).Count | Should -Be 2
    }

    It 'keeps wildcards on -Path' {
        @(Import-UrlList (Join-Path $folder 'p*.txt')).Url | Should -Be @('http://127.0.0.1/c.jpg')
    }

    It 'reports a missing file among several as a non-terminating PathNotFound error and reads the others' {
        $rows = @(Import-UrlList (Join-Path $folder 'missing.txt'), $plain -ErrorVariable problems -ErrorAction SilentlyContinue)

        $rows.Url | Should -Be @('http://127.0.0.1/c.jpg')
        $problems[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
        { Import-UrlList (Join-Path $folder 'missing.txt') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,Img2Dataset.PowerShell.Commands.ImportUrlListCommand'
    }
}
