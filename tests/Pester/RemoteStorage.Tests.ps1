# Datasets and URL lists in Azure Blob Storage (Azurite) and S3 (s3rver), and one job split across worker processes.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $noEmulators = -not (Get-StorageEmulatorsFolder)
    if ($noEmulators) { Write-Warning 'Azurite and s3rver are not installed (npm is absent): the remote storage tests are skipped.' }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $emulators = Get-StorageEmulatorsFolder
    $s3Data = Join-Path $TestDrive 's3rver'
    $started = Start-StorageEmulators -DataFolder $s3Data -Name 'data'
    $azurite = $started.Azurite
    $s3 = $started.S3

    # 45 rows, 5 shards of 10 (the last of 5), two of them failures, each row paced so a job takes a few seconds.
    $list = Join-Path $TestDrive 'urls.txt'
    1..45 | ForEach-Object { if ($_ % 20 -eq 7) { "$base/missing/$_.jpg?delayMs=100" } else { "$base/images/16x16/$_.jpg?delayMs=100" } } | Set-Content $list
    Send-AzuriteBlob $azurite 'data/lists/urls.txt' $list
    $job = @{ SamplesPerShard = 10; ImageSize = 8; ThrottleLimit = 4; AllowPrivateNetwork = $true; OutputFormat = 'webdataset' }

    $local = Join-Path $TestDrive 'local'
    Invoke-Img2Dataset $list $local @job | Out-Null

    function Get-Fingerprint([string] $Location) {
        # Per shard: its rows' keys, statuses and image hashes, so two datasets compare shard for shard, byte for byte.
        Get-DatasetSample $Location | Group-Object Shard | Sort-Object Name | ForEach-Object {
            $rows = $_.Group | Sort-Object Key | ForEach-Object {
                "$($_.Key):$($_.Status):$(if ($_.Image) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($_.Image)) })"
            }
            "$($_.Name) $($_.Count) $($rows -join ',')"
        }
    }

    function Start-Worker([string] $Output, [int] $Index, [int] $Count, [int] $ThrottleLimit = 4, [int] $DelayMs = 0, [string] $Machine) {
        # A worker in its own pwsh process, as a parallel CI job would run it; with -Machine, a temp folder of its own,
        # as a worker on another machine has (so the staging folder's lock does not keep out a second one of its index).
        $script = "Start-Sleep -Milliseconds $DelayMs; Import-Module '$modulePath'; Invoke-Img2Dataset -UrlList az://data/lists/urls.txt -OutputFolder $Output " +
            "-SamplesPerShard 10 -ImageSize 8 -ThrottleLimit $ThrottleLimit -AllowPrivateNetwork -OutputFormat webdataset -WorkerIndex $Index -WorkerCount $Count | Out-Null"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $start = New-PwshStartInfo '-EncodedCommand', $encoded
        if ($Machine) {
            $temp = Join-Path $TestDrive "machine-$Machine"
            New-Item -ItemType Directory -Force $temp | Out-Null
            $start.Environment['TMPDIR'] = $temp
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $process.BeginOutputReadLine(); $process.BeginErrorReadLine()
        $process
    }

    $reference = Get-Fingerprint $local
}

AfterAll {
    Stop-StorageEmulators $started
    Stop-ImageServer $server
}

Describe 'Remote datasets' -Skip:$noEmulators {
    It 'builds the same dataset in Azurite, from a list in Azurite, as on a local folder' {
        $summary = Invoke-Img2Dataset -UrlList 'az://data/lists/urls.txt' -OutputFolder 'az://data/one' @job

        $summary.OutputFolder | Should -Be 'az://data/one'
        $summary.Count | Should -Be 45
        Get-Fingerprint 'az://data/one' | Should -Be $reference
        $statistics = Get-DatasetStatistics 'az://data/one'
        ($statistics.Count, $statistics.Successes, $statistics.PlannedShards, $statistics.IsComplete) | Should -Be @(45, 43, 5, $true)
    }

    It 'builds the same dataset in S3, through a full blob URL list with a SAS' {
        $sasList = "$($azurite.Endpoint)/data/lists/urls.txt?$(New-AzuriteSas $azurite -Permissions 'rl')"

        Invoke-Img2Dataset -UrlList $sasList -OutputFolder 's3://data/one' @job | Out-Null

        Get-Fingerprint 's3://data/one' | Should -Be $reference
        (Get-DatasetStatistics 's3://data/one').IsComplete | Should -BeTrue
    }

    It 'never shows or saves a SAS: summary, messages and config.json have it redacted' {
        $sas = New-AzuriteSas $azurite
        $summary = Invoke-Img2Dataset -UrlList "$($azurite.Endpoint)/data/lists/urls.txt?$sas" -OutputFolder "$($azurite.Endpoint)/data/sas-out?$sas" @job -Verbose 4>&1 |
            Tee-Object -Variable streams | Where-Object { $_ -is [Img2Dataset.JobSummary] }

        $summary.OutputFolder | Should -Be "$($azurite.Endpoint)/data/sas-out?<SAS>"
        ($streams | Out-String) | Should -Not -BeLike '*sig=*'
        $config = Invoke-RestMethod "$($azurite.Endpoint)/data/sas-out/.img2dataset/config.json?$sas"
        $config.output_folder | Should -Be "$($azurite.Endpoint)/data/sas-out?<SAS>"
        $config.url_list | Should -Be "$($azurite.Endpoint)/data/lists/urls.txt?<SAS>"
    }

    It 'reads a remote dataset''s samples one shard at a time, and leaves no copy behind when the pipeline stops early' {
        $copies = { @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'img2dataset-mirror-*').Count }
        $before = & $copies
        # While each sample goes by, the images on disk are its shard's alone.
        $onDisk = Get-DatasetSample 'az://data/one' | ForEach-Object {
            $tars = @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'img2dataset-mirror-*' | Get-ChildItem -Filter '*.tar').Name
            "$($_.Shard): $($tars -join ',')"
        } | Select-Object -Unique
        $onDisk | Should -Be (0..((Get-DatasetStatistics 'az://data/one').Shards - 1) | ForEach-Object { '{0:d5}: {0:d5}.tar' -f $_ }) -Because 'each shard''s tar is downloaded while its samples are read, and deleted before the next'

        $first = @(Get-DatasetSample 'az://data/one' | Select-Object -First 3)

        $first.Count | Should -Be 3
        @($first.Shard | Select-Object -Unique) | Should -Be '00000'
        & $copies | Should -Be $before
    }

    It 'never writes an object outside its local copy, whatever its name: maintenance refuses it, naming it' {
        # A blob name a hostile writer can give: Azurite turns the backslashes into slashes, so it lists
        # 00000/../../escape.jpg, two folders above a copy of the shard. The shard's commit counts it, as that writer
        # would make it: complete by every check the store allows.
        $files = $job.Clone(); $files.OutputFormat = 'files'
        Invoke-Img2Dataset $list 'az://data/hostile' @files | Out-Null
        $evil = Join-Path $TestDrive 'evil.jpg'
        [IO.File]::WriteAllBytes($evil, [byte[]](0xFF, 0xD8, 0xFF))
        Send-AzuriteBlob $azurite 'data/hostile/00000/..%5C..%5Cescape.jpg' $evil
        $stats = Invoke-RestMethod "$($azurite.Endpoint)/data/hostile/00000_stats.json?$(New-AzuriteSas $azurite)"
        $folder = $stats.commit.objects | Where-Object name -EQ '00000/'
        $folder.size += 3; $folder.files += 1
        $statsFile = Join-Path $TestDrive 'hostile-stats.json'
        $stats | ConvertTo-Json -Depth 10 | Set-Content $statsFile
        Send-AzuriteBlob $azurite 'data/hostile/00000_stats.json' $statsFile
        (Get-DatasetStatistics 'az://data/hostile').IncompleteShards | Should -BeNullOrEmpty -Because 'the commit counts the hostile object'
        $escaped = Join-Path ([IO.Path]::GetTempPath()) 'escape.jpg'
        Remove-Item $escaped -ErrorAction Ignore

        { Remove-DatasetSample 'az://data/hostile' -Url "$base/images/16x16/1.jpg" -ErrorAction Stop } |
            Should -Throw '*"00000/../../escape.jpg" of az://*cannot be copied*has a ".." segment*'

        $escaped | Should -Not -Exist
        @(Get-DatasetSample 'az://data/hostile').Count | Should -Be @(Get-DatasetSample $local).Count -Because 'the readers take a shard''s files by their own names, which this is not'
    }

    It 'resumes a remote dataset: complete shards are kept, nothing is downloaded again' {
        $again = Invoke-Img2Dataset -UrlList 'az://data/lists/urls.txt' -OutputFolder 'az://data/one' @job -WarningAction SilentlyContinue

        $again.Count | Should -Be 0
        $again.ShardsSkipped | Should -Be 5
    }

    It 'deletes a killed upload''s leftovers before writing that shard again' {
        $leftover = Join-Path $TestDrive 'leftover.bin'
        [IO.File]::WriteAllBytes($leftover, [byte[]]::new(1000))
        Send-AzuriteBlob $azurite 'data/leftover/00004.tfrecord' $leftover
        (Get-DatasetStatistics 'az://data/leftover').IncompleteShards | Should -Be '00004'

        Invoke-Img2Dataset -UrlList 'az://data/lists/urls.txt' -OutputFolder 'az://data/leftover' @job | Out-Null

        $after = Get-DatasetStatistics 'az://data/leftover'
        $after.IncompleteShards | Should -BeNullOrEmpty
        $after.IsComplete | Should -BeTrue
        Get-Fingerprint 'az://data/leftover' | Should -Be $reference
    }

    It 'exports pipeline samples to a remote location and reads the list back with Import-UrlList' {
        $rows = @(Import-UrlList 'az://data/lists/urls.txt')
        $rows.Count | Should -Be 45
        # Rows name the remote list, not its temporary copy.
        $rows[0].SourceFile | Should -Be 'az://data/lists/urls.txt'

        $rows | Select-Object -First 12 | Invoke-ImageDownload -AllowPrivateNetwork | Export-WebDataset -OutputFolder 'az://data/exported' | Out-Null

        (Get-DatasetStatistics 'az://data/exported').Count | Should -Be 12
    }
}

Describe 'Many workers, one dataset' -Skip:$noEmulators {
    It 'three worker processes at once write the dataset one worker writes' {
        $workers = 0..2 | ForEach-Object { Start-Worker 'az://data/three' $_ 3 }
        $workers | ForEach-Object { $_.WaitForExit(); $_.ExitCode | Should -Be 0 }

        Get-Fingerprint 'az://data/three' | Should -Be $reference
        $statistics = Get-DatasetStatistics 'az://data/three'
        ($statistics.Count, $statistics.PlannedShards, $statistics.IsComplete) | Should -Be @(45, 5, $true)
    }

    It 'four workers of one index at <When>, in <Store>, leave every shard once and whole, as one worker writes it' -ForEach @(
        @{ Store = 'Azurite'; Location = 'az://data/same-index-at-once'; When = 'the same instant'; Offsets = @(0, 0, 0, 0) }
        @{ Store = 'Azurite'; Location = 'az://data/same-index-offset'; When = 'random offsets'; Offsets = @(0, 700, 1500, 2600) }
        @{ Store = 's3rver'; Location = 's3://data/same-index-at-once'; When = 'the same instant'; Offsets = @(0, 0, 0, 0) }
        @{ Store = 's3rver'; Location = 's3://data/same-index-offset'; When = 'random offsets'; Offsets = @(0, 700, 1500, 2600) }
    ) {
        $prefix = $Location -replace '^(az|s3)://data/', ''
        if ($Store -eq 's3rver') {
            # s3rver's filesystem store removes a folder that a DELETE leaves empty, and dies of an unhandled stream error
            # when a PUT into that folder is opening its file at that moment: four workers' write probes in .img2dataset/
            # at one instant do just that (its log, 2026-12-06: ENOENT opening .img2dataset/write-probe-…). A file that
            # is not an object keeps the folder; the S3 API does not list it. Real S3 has no folders to remove.
            New-Item -ItemType File -Force (Join-Path $s3Data "data/$prefix/.img2dataset/not-an-object-keeps-this-folder") | Out-Null
        }
        $workers = 0..3 | ForEach-Object { Start-Worker $Location 0 1 -DelayMs $Offsets[$_] -Machine "$Store-$When-$_" }
        $workers | ForEach-Object { $_.WaitForExit(); $_.ExitCode | Should -Be 0 }

        $statistics = Get-DatasetStatistics $Location
        if ($Store -eq 's3rver') {
            # s3rver ignores If-None-Match, so two writers can both commit and mix their copies: such a shard must never
            # read as complete. Whatever the race left, one more run makes the dataset whole.
            foreach ($shard in Get-Fingerprint $Location) { $reference | Should -Contain $shard }
            Invoke-Img2Dataset -UrlList 'az://data/lists/urls.txt' -OutputFolder $Location @job -WarningAction SilentlyContinue | Out-Null
            $statistics = Get-DatasetStatistics $Location
        }
        ($statistics.Count, $statistics.Shards, $statistics.IsComplete) | Should -Be @(45, 5, $true)
        $statistics.IncompleteShards | Should -BeNullOrEmpty
        Get-Fingerprint $Location | Should -Be $reference
        if ($Store -eq 'Azurite') {
            $leftovers = ([xml](Invoke-WebRequest "$($azurite.Endpoint)/data?restype=container&comp=list&prefix=$prefix/.img2dataset/attempts/&$(New-AzuriteSas $azurite)").Content).EnumerationResults.Blobs.Blob
            $leftovers | Should -BeNullOrEmpty -Because 'every attempt that lost deleted its objects, and the winner its own after the copies'
        }
        else {
            # The rerun may have finished a shard from the objects of a commit that stands, and leaves them to the
            # cleaning of stale attempts; no attempt that lost left anything.
            $attempts = @(Get-ChildItem (Join-Path $s3Data "data/$prefix/.img2dataset/attempts") -Directory -ErrorAction Ignore).Name
            $committed = @(Get-ChildItem (Join-Path $s3Data "data/$prefix") -Filter '*_stats.json._S3rver_object' | ForEach-Object { (Get-Content $_ -Raw | ConvertFrom-Json).commit.attempt })
            $attempts | Where-Object { $_ -notin $committed } | Should -BeNullOrEmpty
        }
    }

    It 'a worker killed half-way is re-run alone and completes the dataset' {
        # Worker 0 of 2 owns shards 0, 2 and 4: one download at a time (a second per shard), killed once shard 0 is uploaded.
        $killed = Start-Worker 'az://data/killed' 0 2 -ThrottleLimit 1
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline -and -not (@(Get-DatasetStatistics 'az://data/killed' -ErrorAction Ignore).Shards -ge 1)) { Start-Sleep -Milliseconds 100 }
        $killed.Kill($true); $killed.WaitForExit()
        (Start-Worker 'az://data/killed' 1 2).WaitForExit()

        $partial = Get-DatasetStatistics 'az://data/killed'
        $partial.IsComplete | Should -BeFalse
        $partial.MissingShards | Should -Contain '00004'

        (Start-Worker 'az://data/killed' 0 2).WaitForExit()

        (Get-DatasetStatistics 'az://data/killed').IsComplete | Should -BeTrue
        Get-Fingerprint 'az://data/killed' | Should -Be $reference
    }

    It 'reads the worker from Azure Pipelines'' variables, explicit values winning' {
        $env:SYSTEM_JOBPOSITIONINPHASE = '2'; $env:SYSTEM_TOTALJOBSINPHASE = '5'
        try {
            $summary = Invoke-Img2Dataset $list (Join-Path $TestDrive 'pipelines') @job
            $explicit = Invoke-Img2Dataset $list (Join-Path $TestDrive 'explicit') @job -WorkerIndex 0 -WorkerCount 1
        }
        finally { Remove-Item env:SYSTEM_JOBPOSITIONINPHASE, env:SYSTEM_TOTALJOBSINPHASE }

        # Position 2 of 5 is worker 1: shard 1 alone, 10 rows.
        $summary.Count | Should -Be 10
        (Get-DatasetSample (Join-Path $TestDrive 'pipelines')).Shard | Select-Object -Unique | Should -Be '00001'
        # The other workers' shards are what the local folder still misses.
        (Get-DatasetStatistics (Join-Path $TestDrive 'pipelines')).MissingShards | Should -Be @('00000', '00002', '00003', '00004')
        $explicit.Count | Should -Be 45
    }

    It 'says a Kubernetes Indexed Job needs -WorkerCount' {
        $env:JOB_COMPLETION_INDEX = '3'
        try { { Invoke-Img2Dataset $list (Join-Path $TestDrive 'k8s') @job } | Should -Throw '*JOB_COMPLETION_INDEX*-WorkerCount*' }
        finally { Remove-Item env:JOB_COMPLETION_INDEX }
    }
}

Describe 'A location that cannot be used fails before any work' -Skip:$noEmulators {
    It 'names the fault of <Case>' -ForEach @(
        @{ Case = 'a wrong account key'; Output = 'az://data/bad-key'; Setup = { $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString -replace 'AccountKey=[^;]+', "AccountKey=$([Convert]::ToBase64String([byte[]]::new(64)))" }; Message = '*credential (AZURE_STORAGE_CONNECTION_STRING) was refused*' }
        @{ Case = 'a missing container'; Output = 'az://nocontainer/x'; Setup = {}; Message = "*the container 'nocontainer' does not exist*" }
        @{ Case = 'a read-only SAS'; Output = 'SAS'; Setup = {}; Message = '*may read but not write here*' }
        # s3rver checks the access key id, not SigV4 signatures: an unknown key id is what it can refuse.
        @{ Case = 'an unknown AWS access key'; Output = 's3://data/bad-key'; Setup = { $env:AWS_ACCESS_KEY_ID = 'NOSUCHKEY' }; Message = '*AWS credentials were refused (InvalidAccessKeyId)*' }
        @{ Case = 'a missing bucket'; Output = 's3://nobucket/x'; Setup = {}; Message = "*the bucket 'nobucket' does not exist*" }
    ) {
        $output = if ($Output -eq 'SAS') { "$($azurite.Endpoint)/data/readonly?$(New-AzuriteSas $azurite -Permissions 'rl')" } else { $Output }
        $group = [guid]::NewGuid().ToString('N')
        $probe = Join-Path $TestDrive "$group.txt"
        "$base/images/8x8/1.jpg?group=$group" | Set-Content $probe
        . $Setup
        try {
            { Invoke-Img2Dataset $probe $output -AllowPrivateNetwork } | Should -Throw $Message -ErrorId 'RemoteLocationUnavailable,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        }
        finally {
            $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString; $env:AWS_ACCESS_KEY_ID = $s3.AccessKey
        }
        (Invoke-RestMethod "$base/_control/peak?group=$group").requests | Should -Be 0
    }
}

Describe 'A store that goes away, and a stop, during a remote job' -Skip:($noEmulators -or -not $IsLinux) {
    BeforeAll {
        function Start-JobProcess([string] $Output, [hashtable] $Environment, [string] $Extra = '') {
            # The job in its own pwsh, its output collected, so the store can be stopped (or the job signalled) under it.
            $script = "Import-Module '$modulePath'; Invoke-Img2Dataset '$list' '$Output' -SamplesPerShard 10 -ImageSize 8 -ThrottleLimit 2 -AllowPrivateNetwork -OutputFormat webdataset -InformationAction Continue $Extra | Out-Null"
            $start = New-PwshStartInfo '-Command', $script
            foreach ($entry in $Environment.GetEnumerator()) { $start.Environment[$entry.Key] = $entry.Value }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [Diagnostics.Process]::Start($start)
            [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
        }

        function Wait-FirstShard([string] $Location) {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ([DateTime]::UtcNow -lt $deadline -and -not (@(Get-DatasetStatistics $Location -ErrorAction Ignore).Shards -ge 1)) { Start-Sleep -Milliseconds 100 }
        }
    }

    It 'gives up with a clear error once every upload has failed for -StoreTimeout, not minutes later' {
        $gone = Start-Azurite -Folder $emulators
        New-AzuriteContainer $gone 'data'
        $env:AZURE_STORAGE_CONNECTION_STRING = $gone.ConnectionString
        try {
            $run = Start-JobProcess 'az://data/gone' @{ AZURE_STORAGE_CONNECTION_STRING = $gone.ConnectionString } '-StoreTimeout 3'
            Wait-FirstShard 'az://data/gone'
        }
        finally { $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString }
        $gone.Process.Kill($true)
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $run.Process.WaitForExit(120000) | Should -BeTrue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 60
        $run.Process.ExitCode | Should -Not -Be 0
        ($run.Output.Result + $run.Errors.Result) -replace '\s+', ' ' | Should -Match 'every upload has failed for \d+ s, longer than -StoreTimeout \(3 s\), so the run gives up'
    }

    It 'stops within seconds on SIGINT, uploads included, and resumes to the same dataset' {
        $run = Start-JobProcess 'az://data/interrupted' @{}
        Wait-FirstShard 'az://data/interrupted'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & kill -s INT $run.Process.Id

        $run.Process.WaitForExit(30000) | Should -BeTrue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $run.Output.Result | Should -Match 'Run the same command again to resume'
        (Get-DatasetStatistics 'az://data/interrupted').IsComplete | Should -BeFalse

        Invoke-Img2Dataset $list 'az://data/interrupted' @job | Out-Null
        (Get-DatasetStatistics 'az://data/interrupted').IsComplete | Should -BeTrue
        Get-Fingerprint 'az://data/interrupted' | Should -Be $reference
    }
}

Describe 'Credentials that expire during a long run' -Skip:$noEmulators {
    BeforeAll {
        # 24 rows paced over about 8 s, a shard every two: uploads go on well past a credential that expires at 4 s.
        $slowList = Join-Path $TestDrive 'slow.txt'
        1..24 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=600" } | Set-Content $slowList
        $slow = @{ SamplesPerShard = 2; ImageSize = 8; ThrottleLimit = 2; AllowPrivateNetwork = $true; OutputFormat = 'webdataset'; MaxShardRetry = 0 }

        function Invoke-WithExpiringSas([string] $Output, [scriptblock] $Renew) {
            $env:AZURE_STORAGE_CONNECTION_STRING = "BlobEndpoint=$($azurite.Endpoint);SharedAccessSignature=$(New-AzuriteSas $azurite -Expiry ([datetime]::UtcNow.AddSeconds(4)))"
            $renewal = Start-ThreadJob $Renew -ArgumentList "BlobEndpoint=$($azurite.Endpoint);SharedAccessSignature=$(New-AzuriteSas $azurite)"
            try { Invoke-Img2Dataset $slowList $Output @slow -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue }
            finally {
                $renewal | Remove-Job -Force
                $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString
            }
        }
    }

    It 'opens the store anew with the credentials the environment holds now, when the old ones are refused mid-run' {
        # As a script that renews its token in the background would: the variable changes while the job runs.
        $summary = Invoke-WithExpiringSas 'az://data/renewed' { param($fresh) Start-Sleep -Seconds 2; $env:AZURE_STORAGE_CONNECTION_STRING = $fresh }

        $summary.ShardsFailed | Should -BeNullOrEmpty
        (Get-DatasetStatistics 'az://data/renewed').Shards | Should -Be 12
    }

    It 'fails the shards written after the credentials expired when nothing renews them (the control)' {
        $summary = Invoke-WithExpiringSas 'az://data/expired' { param($fresh) }

        @($summary.ShardsFailed).Count | Should -BeGreaterThan 0
    }
}
