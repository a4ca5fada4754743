BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl

    function New-UrlList([int] $Count, [string] $Name, [int] $DelayMs = 0) {
        $path = Join-Path $TestDrive $Name
        0..($Count - 1) | ForEach-Object {
            $query = if ($_ % 10 -eq 7) { '?header=X-Robots-Tag:noai' } elseif ($DelayMs) { "?delayMs=$DelayMs" } else { '' }
            [pscustomobject]@{ url = "$base/images/48x32/$_.jpg$query"; caption = "caption $_"; caption2 = "second $_" }
        } | Export-Csv $path -UseQuotes AsNeeded
        $path
    }

    function Get-Keys([string] $Folder) {
        Get-ChildItem $Folder -Filter '*_stats.json' | ForEach-Object {
            Get-DatasetSample $Folder | Select-Object -ExpandProperty Key
        } | Sort-Object -Unique
    }

    $list = New-UrlList 25 'job.csv'
    $common = @{ CaptionColumn = 'caption'; SamplesPerShard = 10; AllowPrivateNetwork = $true; ImageSize = 32; ThreadCount = 16 }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Invoke-Img2Dataset' {
    It 'writes a complete <Format> dataset and returns a summary' -ForEach @(
        @{ Format = 'files'; Main = '00000' }
        @{ Format = 'webdataset'; Main = '00000.tar' }
        @{ Format = 'parquet'; Main = '00000.parquet' }
        @{ Format = 'tfrecord'; Main = '00000.tfrecord' }
    ) {
        $out = Join-Path $TestDrive "job-$Format"

        $summary = Invoke-Img2Dataset $list $out -OutputFormat $Format @common

        $summary.GetType().FullName | Should -Be 'Img2Dataset.Engine.Jobs.JobSummary'
        $summary.Count | Should -Be 25
        $summary.Successes | Should -Be 23
        $summary.FailedToDownload | Should -Be 2
        $summary.ShardsWritten | Should -Be 3
        $summary.TopErrors[0].Key | Should -Be 'Use of image disallowed by X-Robots-Tag directive'
        Test-Path (Join-Path $out $Main) | Should -BeTrue
        Test-Path (Join-Path $out '.img2dataset/config.json') | Should -BeTrue
        (Get-DatasetStatistics $out).Count | Should -Be 25
        @(Get-DatasetSample $out | Where-Object Image).Count | Should -Be 23
    }

    It 'writes only statistics with -OutputFormat dummy' {
        $out = Join-Path $TestDrive 'job-dummy'
        Invoke-Img2Dataset $list $out -OutputFormat dummy @common | Out-Null
        (Get-ChildItem $out).Name | Sort-Object | Should -Be @('00000_stats.json', '00001_stats.json', '00002_stats.json')
    }

    It 'skips complete shards in incremental mode, restarts with overwrite, numbers on with extend' {
        $out = Join-Path $TestDrive 'modes'
        Invoke-Img2Dataset $list $out -OutputFormat webdataset @common | Out-Null
        Remove-Item (Join-Path $out '00002_stats.json')

        $incremental = Invoke-Img2Dataset $list $out -OutputFormat webdataset @common
        $overwrite = Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite -Confirm:$false @common
        $extend = Invoke-Img2Dataset $list $out -OutputFormat webdataset -incremental_mode extend @common

        $incremental.ShardsSkipped | Should -Be 2
        $incremental.Count | Should -Be 5
        $overwrite.ShardsWritten | Should -Be 3
        $overwrite.ShardsSkipped | Should -Be 0
        $extend.ShardsWritten | Should -Be 3
        (Get-ChildItem $out -Filter '*_stats.json').Name | Sort-Object | Select-Object -Last 1 | Should -Be '00005_stats.json'
    }

    It 'resumes a killed run to the same keys and counts as an uninterrupted run' {
        $slow = New-UrlList 60 'slow.csv' -DelayMs 150
        $reference = Join-Path $TestDrive 'uninterrupted'
        Invoke-Img2Dataset $slow $reference -OutputFormat webdataset @common | Out-Null

        $killed = Join-Path $TestDrive 'killed'
        $script = Join-Path $TestDrive 'job.ps1'
        Set-Content $script "Import-Module '$(Get-TestModulePath)'; Invoke-Img2Dataset '$slow' '$killed' -OutputFormat webdataset -CaptionColumn caption -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 32 -ThreadCount 16"
        $process = [Diagnostics.Process]::Start((New-PwshStartInfo '-File', $script))
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path (Join-Path $killed '00001_stats.json')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $process.Kill($true)
        $process.WaitForExit()
        $completeWhenKilled = @(Get-ChildItem $killed -Filter '*_stats.json').Count

        $resumed = Invoke-Img2Dataset $slow $killed -OutputFormat webdataset @common

        $completeWhenKilled | Should -BeLessThan 6
        $resumed.ShardsSkipped | Should -Be $completeWhenKilled
        Get-ChildItem $killed -Filter '*.partial' | Should -BeNullOrEmpty
        (Get-DatasetStatistics $killed).Count | Should -Be (Get-DatasetStatistics $reference).Count
        (Get-DatasetStatistics $killed).Successes | Should -Be (Get-DatasetStatistics $reference).Successes
        Get-Keys $killed | Should -Be (Get-Keys $reference)
    }

    It 'runs from a config file with img2dataset''s names, parameters winning' {
        $out = Join-Path $TestDrive 'configured'
        $config = Join-Path $TestDrive 'config.json'
        @{ url_list = @($list); output_folder = $out; caption_col = 'caption'; number_sample_per_shard = 5; image_size = 16
           allow_private_network = $true; output_format = 'parquet'; max_image_area = $null; encode_format = 'png'; encode_quality = 3 } |
            ConvertTo-Json | Set-Content $config

        $summary = Invoke-Img2Dataset -ConfigFile $config -SamplesPerShard 25

        $summary.ShardsWritten | Should -Be 1
        $sample = Get-DatasetSample $out | Where-Object Image | Select-Object -First 1
        $sample.ImageFormat | Should -Be 'png'
        $saved = Get-Content (Join-Path $out '.img2dataset/config.json') -Raw | ConvertFrom-Json
        $saved.number_sample_per_shard | Should -Be 25
        $saved.encode_quality | Should -Be 3
    }

    It 're-runs from its own saved config, resuming even a run that overwrote' {
        $out = Join-Path $TestDrive 'rerun'
        Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite -Confirm:$false @common | Out-Null
        Remove-Item (Join-Path $out '00001_stats.json')

        $again = Invoke-Img2Dataset -ConfigFile (Join-Path $out '.img2dataset/config.json')

        (Get-Content (Join-Path $out '.img2dataset/config.json') -Raw | ConvertFrom-Json).incremental_mode | Should -Be 'incremental'
        $again.ShardsSkipped | Should -Be 2
        $again.ShardsWritten | Should -Be 1
    }

    It 'keeps the reference''s *.json glob to shard stats: no other JSON at the top of the folder' {
        $out = Join-Path $TestDrive 'reference-glob'
        Invoke-Img2Dataset $list $out -OutputFormat webdataset @common | Out-Null

        (Get-ChildItem $out -Filter '*.json' -Force).Name | Should -Be @('00000_stats.json', '00001_stats.json', '00002_stats.json')
    }

    It 'overwrites only the dataset''s own files unless -Force, asking first' {
        $out = Join-Path $TestDrive 'overwrite-safely'
        Invoke-Img2Dataset $list $out -OutputFormat webdataset @common | Out-Null
        Set-Content (Join-Path $out 'notes.txt') 'mine'

        { Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite @common } | Should -Throw
        Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite -Confirm:$false @common | Out-Null
        Test-Path (Join-Path $out 'notes.txt') | Should -BeTrue
        Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite -Force -Confirm:$false @common | Out-Null
        Test-Path (Join-Path $out 'notes.txt') | Should -BeFalse
        (Get-DatasetStatistics $out).Count | Should -Be 25
    }

    It 'does nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'what-if'
        Invoke-Img2Dataset $list $out -OutputFormat webdataset @common | Out-Null
        $before = (Get-ChildItem $out -Recurse -Force | Measure-Object Length -Sum).Sum

        Invoke-Img2Dataset $list $out -OutputFormat webdataset -IncrementalMode overwrite -WhatIf @common | Should -BeNullOrEmpty
        Invoke-Img2Dataset $list (Join-Path $TestDrive 'what-if-new') -WhatIf @common | Should -BeNullOrEmpty

        (Get-ChildItem $out -Recurse -Force | Measure-Object Length -Sum).Sum | Should -Be $before
        Test-Path (Join-Path $TestDrive 'what-if-new') | Should -BeFalse
    }

    It 'refuses <Case> before any work' -ForEach @(
        @{ Case = 'png with quality 95'; Options = @{ EncodeFormat = 'png'; EncodeQuality = 95 }; ErrorId = 'InvalidJobOption' }
        @{ Case = 'verify_hash not matching compute_hash'; Options = @{ VerifyHash = @('sha', 'md5') }; ErrorId = 'InvalidJobOption' }
        @{ Case = 'a missing url column'; Options = @{ UrlColumn = 'URL' }; ErrorId = 'MissingColumn' }
        @{ Case = 'a reserved additional column'; Options = @{ SaveAdditionalColumns = @('status') }; ErrorId = 'InvalidJobOption' }
    ) {
        $out = Join-Path $TestDrive "refused-$($Case.Length)"
        { Invoke-Img2Dataset $list $out @Options -AllowPrivateNetwork } | Should -Throw -ErrorId "$ErrorId,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand"
        Test-Path $out | Should -BeFalse
    }

    It 'refuses a url_list wildcard that matches nothing, even beside one that matches, before any work' {
        $out = Join-Path $TestDrive 'no-match'
        $pattern = Join-Path $TestDrive 'nothing*.csv'
        $failure = { Invoke-Img2Dataset @($list, $pattern) $out -AllowPrivateNetwork } |
            Should -Throw -ErrorId 'UrlListNotFound,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand' -PassThru
        $failure.Exception.Message | Should -Be "No input file matches $pattern"
        Test-Path $out | Should -BeFalse
    }

    It 'rejects an unknown resize mode and an unknown config key' {
        { Invoke-Img2Dataset $list (Join-Path $TestDrive 'x') -ResizeMode stretch } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        $config = Join-Path $TestDrive 'bad-config.json'
        '{ "url_list": ["a.txt"], "enable_wandb": true }' | Set-Content $config
        $failure = { Invoke-Img2Dataset -ConfigFile $config } | Should -Throw -ErrorId 'InvalidJobOption,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand' -PassThru
        $failure.Exception.Message | Should -Match "unknown option 'enable_wandb'"
    }

    It 'checks a config file''s <Key> as the command line checks its parameter' -ForEach @(
        @{ Key = 'resize_mode'; Value = '"stretch"'; Expected = '*stretch*' }
        @{ Key = 'image_size'; Value = '0'; Expected = '*0*' }
        @{ Key = 'thread_count'; Value = '-4'; Expected = '*-4*' }
    ) {
        $config = Join-Path $TestDrive "invalid-$Key.json"
        "{ ""url_list"": [""$($list -replace '\\', '/')""], ""output_folder"": ""$((Join-Path $TestDrive "invalid-$Key") -replace '\\', '/')"", ""$Key"": $Value }" | Set-Content $config

        $failure = { Invoke-Img2Dataset -ConfigFile $config } | Should -Throw -ErrorId 'InvalidJobOption,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "*option '$Key' cannot be $Expected"
        Test-Path (Join-Path $TestDrive "invalid-$Key") | Should -BeFalse
    }

    It 'prints the reference''s status line on the information stream' {
        Invoke-Img2Dataset $list (Join-Path $TestDrive 'status') @common -InformationVariable information | Out-Null
        $line = @($information | Where-Object { $_.Tags -contains 'Img2Dataset' })[-1].MessageData
        $line | Should -Match '^total   - success: 0\.920 - failed to download: 0\.080 - failed to resize: 0\.000 - images per sec: \d+ - count: 25$'
    }

    It 'reports progress to Azure DevOps when TF_BUILD is set' {
        $result = Invoke-FreshPwsh @"
`$env:TF_BUILD = 'True'
Import-Module '$(Get-TestModulePath)'
`$out = Invoke-Img2Dataset '$list' '$(Join-Path $TestDrive 'devops')' -CaptionColumn caption -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 32 6>&1 | Out-String
@{ Lines = @(`$out -split "``n" | Where-Object { `$_ -like '##vso*' }) } | ConvertTo-Json
"@
        $result.Lines | Should -Not -BeNullOrEmpty
        $result.Lines | Where-Object { $_ -match '^##vso\[task\.setprogress value=100;\]Invoke-Img2Dataset' } | Should -Not -BeNullOrEmpty
    }

    It 'compiles the decode, resize and encode code before the first download starts' {
        # The runtime's own list of the methods it compiles, in order, from a fresh pwsh running a small job.
        $order = Get-TransformCompileOrder "Import-Module '$(Get-TestModulePath)'; `$null = Invoke-Img2Dataset '$list' '$(Join-Path $TestDrive 'warm-up')' -CaptionColumn caption -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 32"

        $order.LastTransformLoop | Should -BeLessThan $order.FirstDownload -Because 'the JPEG decode, resize and encode loops are compiled before the first download'
    }

    It 'transforms on -TransformThrottleLimit threads, names the CPU topology, and writes the same dataset as on every logical CPU' {
        $one = Join-Path $TestDrive 'one-thread'
        $every = Join-Path $TestDrive 'every-cpu'

        $verbose = Invoke-Img2Dataset $list $one -OutputFormat webdataset -TransformThrottleLimit 1 @common -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        Invoke-Img2Dataset $list $every -OutputFormat webdataset @common | Out-Null

        $line = @($verbose | Where-Object Message -like 'Transforming on *')
        $line.Count | Should -Be 1
        $line[0].Message | Should -BeLike 'Transforming on 1 threads; this process may run on *'
        if ($IsLinux) {
            # The physical cores counted another way than the module does: distinct sibling lists of the allowed CPUs.
            $allowed = ((Get-Content /proc/self/status | Where-Object { $_ -like 'Cpus_allowed_list:*' }) -split '\s+')[1] -split ',' | ForEach-Object {
                $ends = $_ -split '-'; [int] $ends[0]..[int] $ends[-1] }
            $cores = @($allowed | ForEach-Object { Get-Content "/sys/devices/system/cpu/cpu$_/topology/thread_siblings_list" } | Sort-Object -Unique).Count
            $line[0].Message | Should -Match " may run on $(@($allowed).Count) logical CPUs on $cores physical cores?( \(they share cores\))?$"
        }
        # Samples are written as they complete, so compare them by key: the same rows, statuses and pixels.
        $samples = { param($folder) Get-DatasetSample $folder | Sort-Object Key | ForEach-Object {
                "$($_.Key) $($_.Status) $($_.Metadata['width'])x$($_.Metadata['height']) $(if ($_.Image) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($_.Image)) })" } }
        $expected = & $samples $every
        $expected.Count | Should -Be 23 -Because 'two of the 25 rows are refused by X-Robots-Tag'
        & $samples $one | Should -Be $expected
        (Get-DatasetStatistics $one).Count | Should -Be 25
    }

    It 'refuses a -TransformThrottleLimit of <_>, naming the parameter' -ForEach 0, 1025 {
        { Invoke-Img2Dataset $list (Join-Path $TestDrive "throttle-$_") -TransformThrottleLimit $_ @common } |
            Should -Throw -ExpectedMessage "*parameter 'TransformThrottleLimit'*"
    }
}

Describe 'Invoke-Img2Dataset -ShrinkOnLoad' {
    It 'decodes large JPEGs at reduced scale through the module''s own copy of Skia, and records it in config.json' {
        $large = Join-Path $TestDrive 'large.txt'
        1..4 | ForEach-Object { "$base/images/1200x900/$_.jpg" } | Set-Content $large
        $full = Join-Path $TestDrive 'full-decode'
        $shrunk = Join-Path $TestDrive 'shrunk'
        Invoke-Img2Dataset $large $full -AllowPrivateNetwork -ImageSize 256 -OutputFormat webdataset | Out-Null
        Invoke-Img2Dataset $large $shrunk -AllowPrivateNetwork -ImageSize 256 -OutputFormat webdataset -ShrinkOnLoad | Out-Null

        $a = Get-DatasetSample $full | Sort-Object Key
        $b = Get-DatasetSample $shrunk | Sort-Object Key
        $b | Should -HaveCount 4
        foreach ($i in 0..3) {
            $b[$i].Metadata.width | Should -Be $a[$i].Metadata.width
            $b[$i].Metadata.original_width | Should -Be 1200
            [Convert]::ToHexString($b[$i].Image) | Should -Not -Be ([Convert]::ToHexString($a[$i].Image)) -Because 'the scaled decode ran'
        }
        (Get-Content (Join-Path $shrunk '.img2dataset/config.json') -Raw | ConvertFrom-Json).shrink_on_load | Should -BeTrue
    }
}

Describe 'Invoke-Img2Dataset in a pipeline' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $listsServer = Start-ImageServer -ServerPath (Get-TestImageServerPath)
        $folder = Join-Path $TestDrive 'piped-lists'
        New-Item -ItemType Directory -Force $folder | Out-Null
        0..1 | ForEach-Object {
            $index = $_
            [IO.File]::WriteAllText((Join-Path $folder "list[$index].txt"), ((0..2 | ForEach-Object { "$($listsServer.BaseUrl)/images/8x8/$index$_.jpg" }) -join "`n"))
        }
    }

    AfterAll {
        Stop-ImageServer $listsServer
    }

    It 'takes Import-UrlList''s rows with their captions and columns<_>' -ForEach '', ' through Test-RobotsDirective' {
        # Rows 7 and 17 carry noai, in a request group of their own, so the server counts the GETs they receive.
        $group = "refused$($_.Length)"
        $piped = Join-Path $TestDrive "$group.csv"
        0..19 | ForEach-Object {
            $query = if ($_ % 10 -eq 7) { "?header=X-Robots-Tag:noai&group=$group" } else { '' }
            [pscustomobject]@{ url = "$base/images/48x32/$_.jpg$query"; caption = "caption $_"; caption2 = "second $_" }
        } | Export-Csv $piped -UseQuotes AsNeeded
        $rows = Import-UrlList $piped -CaptionColumn caption -AdditionalColumns caption2
        if ($_) { $rows = $rows | Test-RobotsDirective -AllowPrivateNetwork -IgnoreAiCrawlerRules }
        $gets = (Invoke-RestMethod "$base/_control/peak?group=$group`:GET").requests
        $out = Join-Path $TestDrive "rows$($_.Length)"
        $rows | Invoke-Img2Dataset -OutputFolder $out -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 8 | Out-Null

        $metadata = Get-DatasetMetadata $out
        $metadata | Should -HaveCount 20
        foreach ($row in $metadata) {
            $n = [int]($row.url -replace '^.*/(\d+)\.jpg.*$', '$1')
            $row.caption | Should -Be "caption $n"
            $row.caption2 | Should -Be "second $n"
            $row.status | Should -Be ($n % 10 -eq 7 ? 'failed_to_download' : 'success')
            if ($n % 10 -eq 7) { ($row.opt_out | ConvertFrom-Json).matched | Should -Be 'noai' }
        }
        $after = (Invoke-RestMethod "$base/_control/peak?group=$group`:GET").requests
        if ($_) { $after | Should -Be $gets -Because 'a row the audit refused is not requested again' } else { $after | Should -Be 2 }
    }

    It 'keeps a piped row''s refusal when the job resumes from its recorded config' {
        $out = Join-Path $TestDrive 'resumed-rows'
        "$base/images/48x32/1.jpg?header=X-Robots-Tag:noai&group=resumed", "$base/images/48x32/2.jpg" | Set-Content (Join-Path $TestDrive 'resumed.txt')
        Import-UrlList (Join-Path $TestDrive 'resumed.txt') | Test-RobotsDirective -AllowPrivateNetwork -IgnoreAiCrawlerRules |
            Invoke-Img2Dataset -OutputFolder $out -AllowPrivateNetwork -ImageSize 8 | Out-Null
        $gets = (Invoke-RestMethod "$base/_control/peak?group=resumed:GET").requests
        Remove-Item (Join-Path $out '00000*') -Recurse -Force

        Invoke-Img2Dataset -ConfigFile (Join-Path $out '.img2dataset/config.json') | Out-Null

        (Invoke-RestMethod "$base/_control/peak?group=resumed:GET").requests | Should -Be $gets
        (Get-DatasetMetadata $out | Where-Object status -eq 'failed_to_download').error_message | Should -Be 'Use of image disallowed by X-Robots-Tag directive'
    }

    It 'takes URL lists piped from Get-ChildItem, names with brackets included' {
        $out = Join-Path $TestDrive 'piped-out'

        $summary = Get-ChildItem -LiteralPath $folder -Filter '*.txt' | Invoke-Img2Dataset -OutputFolder $out -OutputFormat webdataset -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 8

        $summary.Count | Should -Be 6
        $summary.ShardsWritten | Should -Be 2
    }

    It 'takes Import-Csv''s objects, filtered on the way, with -UrlColumn and -CaptionColumn naming their properties, and resumes from its config' {
        $csv = Join-Path $TestDrive 'objects.csv'
        0..5 | ForEach-Object { [pscustomobject]@{ link = "$($listsServer.BaseUrl)/images/8x8/9$_.jpg"; text = "caption $_"; keep = $_ % 2 } } |
            Export-Csv $csv -UseQuotes AsNeeded
        $out = Join-Path $TestDrive 'objects-out'

        $summary = Import-Csv $csv | Where-Object keep -eq '1' |
            Invoke-Img2Dataset -OutputFolder $out -OutputFormat parquet -UrlColumn link -CaptionColumn text -SamplesPerShard 2 -AllowPrivateNetwork -ImageSize 8
        Remove-Item (Join-Path $out '00001_stats.json')
        $resumed = Invoke-Img2Dataset -ConfigFile (Join-Path $out '.img2dataset/config.json')

        $summary.Count | Should -Be 3
        $summary.Successes | Should -Be 3
        (Get-DatasetMetadata $out).caption | Sort-Object | Should -Be @('caption 1', 'caption 3', 'caption 5')
        $resumed.ShardsSkipped | Should -Be 1
        $resumed.ShardsWritten | Should -Be 1
    }

    It 'reads a -LiteralPath list once however many objects come down the pipeline' {
        $list = Join-Path $folder 'list[0].txt'
        $out = Join-Path $TestDrive 'literal-and-piped'

        $summary = 1..3 | ForEach-Object { [pscustomobject]@{ url = "$($listsServer.BaseUrl)/images/8x8/8$_.jpg" } } |
            Invoke-Img2Dataset -LiteralPath $list -OutputFolder $out -OutputFormat webdataset -SamplesPerShard 10 -AllowPrivateNetwork -ImageSize 8

        $summary.Count | Should -Be 6
    }
}

Describe 'Typed additional columns' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $typedServer = Start-ImageServer -ServerPath (Get-TestImageServerPath)
        $typedList = Join-Path $TestDrive 'typed.jsonl'
        @(
            @{ url = "$($typedServer.BaseUrl)/images/8x8/1.jpg"; count = 3; score = 0.5; safe = $true; boxes = @(0, 100, 200); tag = 'a' }
            @{ url = "$($typedServer.BaseUrl)/images/8x8/2.jpg"; count = 4; score = 1; safe = $false; boxes = @(5, 6); tag = 'b' }
        ) | ForEach-Object { $_ | ConvertTo-Json -Compress } | Set-Content $typedList
        $columns = 'count', 'score', 'safe', 'boxes', 'tag'
    }

    AfterAll {
        Stop-ImageServer $typedServer
    }

    It 'keeps numbers, booleans and lists of integers typed in the metadata parquet' {
        $out = Join-Path $TestDrive 'typed-parquet'
        Invoke-Img2Dataset $typedList $out -OutputFormat parquet -SaveAdditionalColumns $columns -AllowPrivateNetwork -ImageSize 8 | Out-Null

        $rows = @(Get-DatasetMetadata $out | Sort-Object key)
        $rows[0].count | Should -BeOfType [long]
        $rows[0].count | Should -Be 3
        $rows[1].score | Should -BeOfType [double]
        $rows[1].score | Should -Be 1
        $rows[0].safe | Should -BeOfType [bool]
        $rows[1].safe | Should -BeFalse
        $rows[0].tag | Should -Be 'a'
        $rows[0].boxes | Should -Be '[0,100,200]'
        $stored = Get-DatasetSample $out | Sort-Object Key | Select-Object -First 1
        @($stored.Metadata['boxes']) | Should -Be @(0, 100, 200)
        @($stored.Metadata['boxes'])[0] | Should -BeOfType [long]
    }

    It 'keeps numbers, booleans and lists of numbers typed in TFRecord' {
        $out = Join-Path $TestDrive 'typed-tfrecord'
        Invoke-Img2Dataset $typedList $out -OutputFormat tfrecord -SaveAdditionalColumns $columns -AllowPrivateNetwork -ImageSize 8 | Out-Null

        $sample = Get-DatasetSample $out | Sort-Object Key | Select-Object -First 1
        $sample.Metadata['count'] | Should -Be 3
        $sample.Metadata['count'] | Should -BeOfType [long]
        $sample.Metadata['score'] | Should -BeOfType [single]
        $sample.Metadata['safe'] | Should -Be 1
        $sample.Metadata['boxes'] | Should -Be @(0, 100, 200)
    }
}

Describe 'Invoke-Img2Dataset on a CPU with a large cache' {
    It 'collects every 16 MB allocated even when the runtime sizes generation 0 far larger (<Name>)' -ForEach @(
        @{ Name = 'the job'; Command = "`$null = Invoke-Img2Dataset '{0}' '{1}' -AllowPrivateNetwork -ImageSize 256 -OutputFormat webdataset" }
        @{ Name = 'the pipeline'; Command = "Import-UrlList '{0}' | Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ImageSize 256 | Export-WebDataset '{1}' | Out-Null" }
    ) {
        # DOTNET_GCgen0size stands in for a large L3 (the runtime sizes generation 0 from it): 128 MB between collections
        # unless the job collects itself (Gen0Budget). Bodies under 85 KB, so no large-object allocation collects first.
        $large = Join-Path $TestDrive 'gen0.txt'
        1..1000 | ForEach-Object { "$base/images/400x300/$_.jpg" } | Set-Content $large
        $run = Invoke-PwshProcess @"
Import-Module '$(Get-TestModulePath)'
`$allocated = [GC]::GetTotalAllocatedBytes(); `$collections = [GC]::CollectionCount(0)
$($Command -f $large, (Join-Path $TestDrive "gen0-$Name"))
'{0} {1}' -f ([GC]::GetTotalAllocatedBytes() - `$allocated), ([GC]::CollectionCount(0) - `$collections)
"@ @{ DOTNET_GCgen0size = '0x8000000' }
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $allocated, $collections = ($run.Output.Trim() -split "`n")[-1] -split ' ' | ForEach-Object { [double]$_ }
        $allocated / 1MB | Should -BeGreaterThan 96 -Because 'the job allocates enough to show the budget'
        $allocated / $collections / 1MB | Should -BeLessThan 24 -Because 'a collection comes every 16 MB allocated, not every 128 MB'
    }
}
