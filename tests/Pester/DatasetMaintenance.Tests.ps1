# A dataset that keeps honouring opt-outs after it is built: Remove-DatasetSample (takedowns) and
# Update-DatasetConsent (re-checking every creator), on every output format, local and in Azurite, stopped half-way.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $noEmulators = -not (Get-StorageEmulatorsFolder)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $job = @{ SamplesPerShard = 10; ImageSize = 8; ThrottleLimit = 8; AllowPrivateNetwork = $true }

    function New-Dataset([string] $Name, [string] $Format, [int] $Rows = 30, [string] $Size = '16x16') {
        # Rows of distinct images; every fifth from a site under /images/32x32/, so a site-wide change reaches some.
        $list = Join-Path $TestDrive "$Name.txt"
        1..$Rows | ForEach-Object { if ($_ % 5 -eq 0) { "$base/images/32x32/$_.jpg" } else { "$base/images/$Size/$_.jpg" } } | Set-Content $list
        $folder = Join-Path $TestDrive $Name
        Invoke-Img2Dataset $list $folder @job -OutputFormat $Format | Out-Null
        $folder
    }

    function Get-Rows([string] $Folder) {
        # Every metadata row as text, keyed, with the instants a rewrite stamps left out, so two runs compare.
        Get-DatasetMetadata $Folder | ForEach-Object {
            $row = [ordered]@{}
            foreach ($p in $_.PSObject.Properties) { $row[$p.Name] = $p.Value }
            if ($row.opt_out) { $row.opt_out = $row.opt_out -replace '"(removed|rechecked)_at":"[^"]*"', '"$1_at":"…"' }
            [pscustomobject]@{ Key = $row.key; Text = ($row | ConvertTo-Json -Compress) }
        } | Sort-Object Key
    }

    function Get-Images([string] $Folder) {
        # Key → SHA-256 of the stored image, for the samples that hold one.
        $images = @{}
        Get-DatasetSample $Folder | Where-Object Image | ForEach-Object {
            $images[$_.Key] = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($_.Image))
        }
        $images
    }

    function Get-FileHashes([string] $Folder) {
        $hashes = @{}
        Get-ChildItem $Folder -File -Recurse | Where-Object FullName -NotLike '*.img2dataset*' | ForEach-Object {
            $hashes[[IO.Path]::GetRelativePath($Folder, $_.FullName)] = (Get-FileHash $_.FullName).Hash
        }
        $hashes
    }

    function Set-Later([string] $Prefix, [string] $Change) {
        Invoke-RestMethod -Method Put -Uri "$base/_control/later?prefix=$([uri]::EscapeDataString($Prefix))" -Body $Change | Out-Null
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Remove-DatasetSample on every output format' {
    It 'removes exactly the listed samples from <_>, keeps their rows as removed with the list and line, and touches nothing else' -ForEach 'webdataset', 'parquet', 'tfrecord', 'files' {
        $folder = New-Dataset "takedown-$_" $_
        $rowsBefore = Get-Rows $folder
        $imagesBefore = Get-Images $folder
        $filesBefore = Get-FileHashes $folder
        $takedowns = Join-Path $TestDrive "takedowns-$_.csv"
        "url,reason`n$base/images/16x16/3.jpg,complaint`n$base/images/16x16/12.jpg,complaint`n$base/images/16x16/999.jpg,not in the dataset" | Set-Content $takedowns
        $key = ($rowsBefore | Select-Object -Index 5).Key

        $summary = Remove-DatasetSample $folder -TakedownList $takedowns -Key $key

        $summary.SamplesRemoved | Should -Be 3
        $summary.ShardsRewritten | Should -Be 2
        $summary.ShardsChecked | Should -Be 3
        $summary.RemovedBySignal['Takedown'] | Should -Be 3
        $rows = Get-Rows $folder
        $removed = @(Get-DatasetMetadata $folder | Where-Object status -EQ 'removed' | Sort-Object key)
        $removed.Count | Should -Be 3
        $removed.url | Should -Contain "$base/images/16x16/3.jpg"
        ($removed | Where-Object url -EQ "$base/images/16x16/12.jpg").error_message | Should -Be "takedown (takedowns-$_.csv, line 3)"
        ($removed | Where-Object key -EQ $key).error_message | Should -Be 'takedown (-Key)'
        ($removed[0].opt_out | ConvertFrom-Json).signal | Should -Be 'Takedown'
        $removed[0].opt_out | Should -Match '"removed_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        # Every other row as it was; every other image byte for byte; the removed images gone.
        $kept = $removed.key
        ($rows | Where-Object Key -NotIn $kept).Text | Should -Be ($rowsBefore | Where-Object Key -NotIn $kept).Text
        $images = Get-Images $folder
        foreach ($k in $imagesBefore.Keys) {
            if ($k -in $kept) { $images.ContainsKey($k) | Should -BeFalse } else { $images[$k] | Should -Be $imagesBefore[$k] }
        }
        # The shard without a listed sample is not touched at all.
        $untouched = (Get-ChildItem $folder -Filter '*_stats.json' | Where-Object { (Get-Content $_ -Raw | ConvertFrom-Json).removed -eq $null }).Name -replace '_stats.json'
        $untouched.Count | Should -Be 1
        foreach ($file in $filesBefore.Keys | Where-Object { $_ -like "$untouched*" }) { (Get-FileHash (Join-Path $folder $file)).Hash | Should -Be $filesBefore[$file] }
        $statistics = Get-DatasetStatistics $folder
        ($statistics.Count, $statistics.Successes, $statistics.Removed) | Should -Be @(30, 27, 3)
        $statistics.History[0].Operation | Should -Be 'takedown'
        @(Get-ChildItem $folder -Filter '*.partial').Count | Should -Be 0
    }

    It 'leaves a tar that GNU tar lists without the removed samples' {
        $folder = New-Dataset 'takedown-tar' 'webdataset'

        Remove-DatasetSample $folder -Url "$base/images/16x16/1.jpg", "$base/images/16x16/2.jpg" | Out-Null

        $entries = & tar -tf (Join-Path $folder '00000.tar')
        $LASTEXITCODE | Should -Be 0
        $entries.Count | Should -Be (8 * 2)
        $removed = (Get-DatasetMetadata $folder | Where-Object status -EQ 'removed').key
        $entries | Where-Object { ($_ -split '\.')[0] -in $removed } | Should -BeNullOrEmpty
    }

    It 'leaves metadata that DuckDB reads, with the removed rows and every column''s type as before' -Skip:$noEmulators {
        $folder = New-Dataset 'takedown-duckdb' 'parquet'
        $types = Invoke-DuckDb "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('$folder/*.parquet'))"

        Remove-DatasetSample $folder -Url "$base/images/16x16/1.jpg", "$base/images/16x16/11.jpg" | Out-Null

        $counts = Invoke-DuckDb "SELECT status, count(*)::INTEGER AS n, count(jpg)::INTEGER AS images FROM read_parquet('$folder/*.parquet') GROUP BY status ORDER BY status"
        ($counts | ForEach-Object { "$($_.status) $($_.n) $($_.images)" }) | Should -Be @('removed 2 0', 'success 28 28')
        (Invoke-DuckDb "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('$folder/*.parquet'))" | ConvertTo-Json) | Should -Be ($types | ConvertTo-Json)
        (Invoke-DuckDb "SELECT error_message FROM read_parquet('$folder/*.parquet') WHERE status = 'removed' ORDER BY key").error_message | Should -Be @('takedown (-Url)', 'takedown (-Url)')
    }

    It 'takes rows from the pipeline, and with -Purge drops their rows too' {
        $folder = New-Dataset 'takedown-pipeline' 'parquet'

        $summary = Get-DatasetMetadata $folder | Where-Object url -Like '*/32x32/*' | Remove-DatasetSample $folder -Purge

        $summary.SamplesRemoved | Should -Be 6
        @(Get-DatasetMetadata $folder).Count | Should -Be 24
        @(Get-DatasetMetadata $folder | Where-Object url -Like '*/32x32/*').Count | Should -Be 0
        (Get-DatasetStatistics $folder).Count | Should -Be 24
    }

    It 'matches the stored hash, without regard to case' {
        $folder = New-Dataset 'takedown-hash' 'webdataset'
        $hash = (Get-DatasetMetadata $folder | Select-Object -First 1).sha256

        (Remove-DatasetSample $folder -Sha256 $hash.ToUpperInvariant()).SamplesRemoved | Should -Be 1
    }

    It 'with -WhatIf lists per shard what would go, and changes nothing' {
        $folder = New-Dataset 'takedown-whatif' 'webdataset'
        $before = Get-FileHashes $folder

        # What-if lines go to the host, not to a stream: a pwsh of its own shows them on its output.
        $output = (Invoke-PwshProcess "Import-Module '$modulePath'; Remove-DatasetSample '$folder' -Url '$base/images/16x16/3.jpg' -WhatIf").Output

        $output | Should -Match 'What if: Performing the operation "remove 1 sample \(\d+\)" on target "shard 00000 of '
        (Get-FileHashes $folder).Keys | Sort-Object | Should -Be ($before.Keys | Sort-Object)
        foreach ($file in $before.Keys) { (Get-FileHash (Join-Path $folder $file)).Hash | Should -Be $before[$file] }
        Test-Path (Join-Path $folder '.img2dataset/maintenance.json') | Should -BeFalse
    }

    It 'says what it needs when nothing is named, and refuses a folder a job is writing' {
        $folder = New-Dataset 'takedown-errors' 'webdataset'

        { Remove-DatasetSample $folder } | Should -Throw -ErrorId 'NothingToRemove,Img2Dataset.PowerShell.Commands.RemoveDatasetSampleCommand'
        $lock = [IO.File]::Open((Join-Path $folder '.img2dataset/lock'), 'OpenOrCreate', 'ReadWrite', 'None')
        try { { Remove-DatasetSample $folder -Key 000001 } | Should -Throw -ErrorId 'OutputFolderInUse,Img2Dataset.PowerShell.Commands.RemoveDatasetSampleCommand' }
        finally { $lock.Dispose() }
    }
}

Describe 'A rewrite stopped at any moment' {
    It 'ends, once run again, with the dataset an uninterrupted run makes (killed once <_> shards were rewritten)' -ForEach 1, 6, 13 {
        $folder = New-Dataset "killed-$_" 'webdataset' -Rows 200
        $reference = Join-Path $TestDrive "killed-$_-reference"
        Copy-Item $folder $reference -Recurse
        $takedowns = Join-Path $TestDrive "killed-$_.txt"
        1..200 | Where-Object { $_ % 3 -eq 0 -and $_ % 5 -ne 0 } | ForEach-Object { "$base/images/16x16/$_.jpg" } | Set-Content $takedowns
        Remove-DatasetSample $reference -TakedownList $takedowns | Out-Null

        # Killed while it rewrites: as soon as that many shards' new stats are in place, so the next one is under way.
        $process = [Diagnostics.Process]::Start((New-PwshStartInfo '-Command', "Import-Module '$modulePath'; Remove-DatasetSample '$folder' -TakedownList '$takedowns' | Out-Null"))
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        $count = $_
        while (@(Select-String -Path (Join-Path $folder '*_stats.json') -Pattern '"removed"' -List -ErrorAction Ignore).Count -lt $count -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { }
        $process.Kill($true)
        $process.WaitForExit()
        $rewrittenBeforeTheKill = @(Get-ChildItem $folder -Filter '*_stats.json' | Where-Object { (Get-Content $_ -Raw | ConvertFrom-Json).removed }).Count
        Remove-DatasetSample $folder -TakedownList $takedowns | Out-Null

        $rewrittenBeforeTheKill | Should -BeLessThan 20 -Because 'the kill landed while shards were being rewritten'
        (Get-Rows $folder).Text | Should -Be (Get-Rows $reference).Text
        $images = Get-Images $folder
        $expected = Get-Images $reference
        $images.Keys | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
        foreach ($k in $expected.Keys) { $images[$k] | Should -Be $expected[$k] }
        @(Get-ChildItem $folder -Filter '*.partial').Count | Should -Be 0
        (Get-DatasetStatistics $folder).Shards | Should -Be 20
    }
}

Describe 'Update-DatasetConsent' {
    AfterEach {
        Set-Later '/images/32x32/' ''
        Set-Later '/images/24x24/' ''
        Invoke-RestMethod -Method Put -Uri "$base/_control/robots" -Body '' | Out-Null
    }

    It 'removes the samples of a site that added noai after the download and keeps everything else byte for byte' {
        $folder = New-Dataset 'consent-noai' 'webdataset'
        $rowsBefore = Get-Rows $folder
        $imagesBefore = Get-Images $folder
        Set-Later '/images/32x32/' 'header=X-Robots-Tag:noai'

        $summary = Update-DatasetConsent $folder -AllowPrivateNetwork

        $summary.SamplesRechecked | Should -Be 30
        $summary.SamplesRemoved | Should -Be 6
        $summary.RemovedBySignal['XRobotsTag'] | Should -Be 6
        $removed = @(Get-DatasetMetadata $folder | Where-Object status -EQ 'removed')
        $removed.url | ForEach-Object { $_ | Should -BeLike '*/images/32x32/*' }
        $removed[0].error_message | Should -Be 'Use of image disallowed by X-Robots-Tag directive'
        ($removed[0].opt_out | ConvertFrom-Json).matched | Should -Be 'noai'
        $kept = $removed.key
        ((Get-Rows $folder) | Where-Object Key -NotIn $kept).Text | Should -Be ($rowsBefore | Where-Object Key -NotIn $kept).Text
        $images = Get-Images $folder
        foreach ($k in $imagesBefore.Keys | Where-Object { $_ -notin $kept }) { $images[$k] | Should -Be $imagesBefore[$k] }
        $history = (Get-DatasetStatistics $folder).History
        $history.Count | Should -Be 1
        ($history[0].Operation, $history[0].Pass, $history[0].Removed, $history[0].Rechecked) | Should -Be @('consent', 1, 6, 30)
        $history[0].RemovedBySignal['XRobotsTag'] | Should -Be 6
        $history[0].Finished | Should -Not -BeNullOrEmpty
    }

    It 'honours a robots.txt that now blocks GPTBot, and with -MarkOnly keeps the images and records the evidence' {
        $folder = New-Dataset 'consent-mark' 'tfrecord'
        $imagesBefore = Get-Images $folder
        Invoke-RestMethod -Method Put -Uri "$base/_control/robots" -Body "User-agent: GPTBot`nDisallow: /images/32x32/`n" | Out-Null

        $summary = Update-DatasetConsent $folder -AllowPrivateNetwork -MarkOnly

        ($summary.SamplesRemoved, $summary.SamplesMarked) | Should -Be @(0, 6)
        $marked = @(Get-DatasetMetadata $folder | Where-Object { $_.opt_out -like '*rechecked_at*' })
        $marked.Count | Should -Be 6
        $marked.status | Sort-Object -Unique | Should -Be 'success'
        ($marked[0].opt_out | ConvertFrom-Json).signal | Should -Be 'RobotsTxtAiCrawler'
        $samples = Get-DatasetSample $folder | Where-Object Key -In $marked.key
        ($samples[0].Metadata['opt_out'] | ConvertFrom-Json).signal | Should -Be 'RobotsTxtAiCrawler'
        $images = Get-Images $folder
        foreach ($k in $imagesBefore.Keys) { $images[$k] | Should -Be $imagesBefore[$k] }
    }

    It 'reads the signals embedded in an image only with -InspectImage, which downloads it whole' {
        # Built while the IPTC Data Mining signal was ignored, so the prohibited image is in the dataset.
        $list = Join-Path $TestDrive 'embedded.txt'
        "$base/embedded/iptc-prohibited.png", "$base/embedded/iptc-allowed.jpg", "$base/images/16x16/1.jpg" | Set-Content $list
        $folder = Join-Path $TestDrive 'consent-embedded'
        Invoke-Img2Dataset $list $folder @job -IgnoreIptcDataMining | Out-Null
        (Get-DatasetMetadata $folder | Where-Object status -EQ 'success').Count | Should -Be 3

        $headersOnly = Update-DatasetConsent $folder -AllowPrivateNetwork
        $inspected = Update-DatasetConsent $folder -AllowPrivateNetwork -InspectImage -Verbose 4>&1 | Tee-Object -Variable said | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        $headersOnly.SamplesRemoved | Should -Be 0
        ($inspected.SamplesRechecked, $inspected.SamplesRemoved) | Should -Be @(3, 1)
        $inspected.RemovedBySignal['IptcDataMining'] | Should -Be 1
        $removed = @(Get-DatasetMetadata $folder | Where-Object status -EQ 'removed')
        $removed.url | Should -Be "$base/embedded/iptc-prohibited.png"
        ($removed[0].opt_out | ConvertFrom-Json).signal | Should -Be 'IptcDataMining'
        "$said" | Should -Match 'each image downloaded whole'
    }

    It 'reports origins that no longer answer and keeps them, unless -RemoveUnreachable' {
        $folder = New-Dataset 'consent-gone' 'parquet'
        Set-Later '/images/32x32/' 'status=404'

        $kept = Update-DatasetConsent $folder -AllowPrivateNetwork -WarningVariable warned -WarningAction SilentlyContinue
        $removed = Update-DatasetConsent $folder -AllowPrivateNetwork -RemoveUnreachable

        ($kept.SamplesRemoved, $kept.Unreachable.Count) | Should -Be @(0, 6)
        $kept.Unreachable[0].Error | Should -Match 'HTTP Error 404'
        "$warned" | Should -Match '6 stored samples'' origins did not answer'
        $removed.SamplesRemoved | Should -Be 6
        $removed.RemovedBySignal['Unreachable'] | Should -Be 6
        ((Get-DatasetStatistics $folder).History | Where-Object Operation -EQ 'consent').Pass | Should -Be @(1, 2)
    }

    It 'resumes a pass stopped half-way, skipping the shards it had done' {
        $folder = New-Dataset 'consent-resume' 'webdataset' -Rows 60 -Size '24x24'
        Set-Later '/images/24x24/' 'delayMs=150'
        Set-Later '/images/32x32/' 'header=X-Robots-Tag:noimageai&delayMs=150'
        $start = New-PwshStartInfo '-Command', "Import-Module '$modulePath'; Update-DatasetConsent '$folder' -AllowPrivateNetwork -ThrottleLimit 2 | Out-Null"
        $process = [Diagnostics.Process]::Start($start)
        $history = Join-Path $folder '.img2dataset/maintenance.json'
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not ((Test-Path $history) -and @((Get-Content $history -Raw | ConvertFrom-Json)[0].shards_done).Count -ge 2) -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
        }
        $process.Kill($true)
        $process.WaitForExit()
        $doneBefore = @((Get-Content $history -Raw | ConvertFrom-Json)[0].shards_done).Count

        $summary = Update-DatasetConsent $folder -AllowPrivateNetwork -Verbose 4>&1 | Tee-Object -Variable output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        $doneBefore | Should -BeGreaterOrEqual 2
        $doneBefore | Should -BeLessThan 6
        "$output" | Should -Match "Resuming consent pass 1: $doneBefore of 6 shards done before"
        $summary.ShardsChecked | Should -Be (6 - $doneBefore)
        $record = (Get-DatasetStatistics $folder).History
        $record.Count | Should -Be 1
        $record[0].ShardsDone.Count | Should -Be 6
        $record[0].Removed | Should -Be 12
        @(Get-DatasetMetadata $folder | Where-Object status -EQ 'removed').Count | Should -Be 12
    }
}

Describe 'Maintenance of a dataset in Azure Blob Storage' -Skip:$noEmulators {
    BeforeAll {
        $azurite = Start-Azurite -Folder (Get-StorageEmulatorsFolder)
        $savedConnection = $env:AZURE_STORAGE_CONNECTION_STRING
        $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString
        New-AzuriteContainer $azurite 'maintained'
    }

    AfterAll {
        $env:AZURE_STORAGE_CONNECTION_STRING = $savedConnection
        Stop-ListeningProcess $azurite
        Set-Later '/images/32x32/' ''
    }

    It 'removes a takedown''s samples and re-checks consent in place, each shard published whole' {
        $list = Join-Path $TestDrive 'remote.txt'
        1..30 | ForEach-Object { if ($_ % 5 -eq 0) { "$base/images/32x32/$_.jpg" } else { "$base/images/16x16/$_.jpg" } } | Set-Content $list
        Invoke-Img2Dataset $list az://maintained/ds @job -OutputFormat webdataset | Out-Null

        $takedown = Remove-DatasetSample az://maintained/ds -Url "$base/images/16x16/1.jpg"
        Set-Later '/images/32x32/' 'header=X-Robots-Tag:noai'
        $consent = Update-DatasetConsent az://maintained/ds -AllowPrivateNetwork

        $takedown.SamplesRemoved | Should -Be 1
        $consent.SamplesRemoved | Should -Be 6
        $statistics = Get-DatasetStatistics az://maintained/ds
        ($statistics.Shards, $statistics.Removed, $statistics.Successes) | Should -Be @(3, 7, 23)
        $statistics.IncompleteShards | Should -BeNullOrEmpty
        $statistics.History.Operation | Should -Be @('takedown', 'consent')
        @(Get-DatasetSample az://maintained/ds).Count | Should -Be 23
    }
}
