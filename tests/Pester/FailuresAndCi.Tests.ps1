# Failures that reach $?, exit codes and CI: a failure threshold, warnings for failed shards, Azure Pipelines and
# GitHub Actions logging commands, and the innermost cause of a TLS failure.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $common = @{ AllowPrivateNetwork = $true; ImageSize = 8; SamplesPerShard = 2; ThreadCount = 4; OutputFormat = 'webdataset' }

    function New-List([string] $Name, [string[]] $Paths) {
        $path = Join-Path $TestDrive $Name
        $Paths | ForEach-Object { "$base/$_" } | Set-Content $path
        $path
    }

    # Runs a job in a new pwsh, outside any CI but the one given; returns its exit code and everything it printed.
    function Invoke-JobProcess([string] $List, [string] $Out, [hashtable] $Environment) {
        $script = "Import-Module '$modulePath'; Invoke-Img2Dataset '$List' '$Out' -OutputFormat webdataset -SamplesPerShard 2 -AllowPrivateNetwork -ImageSize 8 -MaxShardRetry 0 | Out-Null"
        $changes = @{ TF_BUILD = $null; GITHUB_ACTIONS = $null; GITHUB_STEP_SUMMARY = $null }
        foreach ($entry in $Environment.GetEnumerator()) { $changes[$entry.Key] = $entry.Value }
        $run = Invoke-PwshProcess $script $changes
        [pscustomobject]@{ ExitCode = $run.ExitCode; Output = $run.Output + $run.Errors }
    }

    $failing = New-List 'failing.txt' 'images/8x8/1.jpg?status=404', 'images/8x8/2.jpg?status=404'
    $half = New-List 'half.txt' 'images/8x8/1.jpg', 'images/8x8/2.jpg?status=404'
    $good = New-List 'good.txt' 'images/8x8/1.jpg', 'images/8x8/2.jpg', 'images/8x8/3.jpg', 'images/8x8/4.jpg'
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'A failure threshold' {
    It 'makes a run in which every row failed an error, and still returns its summary to the assignment' {
        $summary = Invoke-Img2Dataset $failing (Join-Path $TestDrive 'all-failed') @common -ErrorVariable failures -ErrorAction SilentlyContinue
        $succeeded = $?

        $succeeded | Should -BeFalse
        $failures.FullyQualifiedErrorId | Should -Be 'FailureRateExceeded,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        $failures.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures.TargetObject.Count | Should -Be 2
        $summary.Count | Should -Be 2
        $summary.FailedToDownload | Should -Be 2
    }

    It 'stops a script under -ErrorAction Stop, as CI steps run, after the summary is written' {
        $failure = $null
        try { Invoke-Img2Dataset $failing (Join-Path $TestDrive 'all-failed-stop') @common -ErrorAction Stop -OutVariable summary | Out-Null }
        catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -Be 'FailureRateExceeded,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        # -OutVariable holds what was written down the pipeline: the summary, before the error.
        $summary[0].Count | Should -Be 2
    }

    It 'fails a run above -MaximumFailureRate and passes one at or below it; 1 never fails a run' {
        { Invoke-Img2Dataset $half (Join-Path $TestDrive 'half-a') @common -MaximumFailureRate 0.4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'FailureRateExceeded,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        (Invoke-Img2Dataset $half (Join-Path $TestDrive 'half-b') @common -MaximumFailureRate 0.5 -ErrorAction Stop).Successes | Should -Be 1
        $all = Invoke-Img2Dataset $failing (Join-Path $TestDrive 'all-failed-allowed') @common -MaximumFailureRate 1 -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        $all.Successes | Should -Be 0
    }

    It 'warns of a failure rate near the threshold' {
        Invoke-Img2Dataset $half (Join-Path $TestDrive 'half-near') @common -MaximumFailureRate 0.6 -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null

        $warnings.Message | Should -Be '50.0 % of the rows failed, near -MaximumFailureRate 60.0 %.'
    }

    It 'sets $? and the exit code of pwsh' {
        Invoke-Img2Dataset $half (Join-Path $TestDrive 'half-c') @common | Out-Null
        $? | Should -BeTrue

        (Invoke-JobProcess $failing (Join-Path $TestDrive 'exit-code') @{}).ExitCode | Should -Not -Be 0
        (Invoke-JobProcess $good (Join-Path $TestDrive 'exit-zero') @{}).ExitCode | Should -Be 0
    }

    It 'ends pwsh -File with exit code 1 under $ErrorActionPreference Stop, and writes the summary first' {
        $script = Join-Path $TestDrive 'job.ps1'
        @(
            '$ErrorActionPreference = ''Stop'''
            "Import-Module '$modulePath'"
            "`$summary = Invoke-Img2Dataset '$failing' '$(Join-Path $TestDrive 'exit-file')' -OutputFormat webdataset -AllowPrivateNetwork -ImageSize 8 -OutVariable seen"
            '"not reached"'
        ) | Set-Content $script

        $run = Invoke-PwshProcess $script -File

        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'not reached'
        ($run.Output + $run.Errors) | Should -Match 'All 2 rows failed'
    }
}

Describe 'Failed shards and runs that did nothing' {
    It 'warns of a shard that failed to be written' {
        $out = Join-Path $TestDrive 'failed-shard'
        New-Item -ItemType Directory -Force (Join-Path $out '00000.tar') | Out-Null

        $summary = Invoke-Img2Dataset $good $out @common -MaxShardRetry 0 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $summary.ShardsFailed | Should -Be @(0)
        $warnings.Message | Should -BeLike "Shard 0 of * failed to be written*"
    }

    It 'ends a run whose shard could not be written with ShardsNotWritten after its summary, each row counted once' {
        $out = Join-Path $TestDrive 'shard-not-written'
        New-Item -ItemType Directory -Force (Join-Path $out '00001.tar') | Out-Null

        $summary = Invoke-Img2Dataset $good $out @common -MaxShardRetry 2 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $summary.Count | Should -Be 4
        $summary.ShardsFailed | Should -Be @(1)
        $failures.FullyQualifiedErrorId | Should -Be 'ShardsNotWritten,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        $failures.Exception.Message | Should -BeLike "1 shards of * could not be written after 3 tries (1); run the same command again to write them."
        (Invoke-JobProcess $good $out @{}).ExitCode | Should -Not -Be 0
    }

    It 'warns of a run that skipped every shard' {
        $out = Join-Path $TestDrive 'all-skipped'
        Invoke-Img2Dataset $good $out @common | Out-Null

        Invoke-Img2Dataset $good $out @common -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null

        $warnings.Message | Should -BeLike 'Every shard of * was already complete*'
    }
}

Describe 'Streams' {
    It 'tells the inputs, the shards kept and each shard completed on the verbose stream' {
        $out = Join-Path $TestDrive 'verbose'
        Invoke-Img2Dataset $good $out @common | Out-Null
        Remove-Item (Join-Path $out '00001_stats.json')

        $verbose = @(Invoke-Img2Dataset $good $out @common -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message

        $verbose | Should -Contain "Reading $good into $out (incremental mode)"
        $verbose | Should -Contain 'Skipping 1 complete shards: 0'
        $verbose | Where-Object { $_ -like 'Shard 00001 complete: *00001.tar, 2 of 2 succeeded' } | Should -Not -BeNullOrEmpty
    }

    It 'tells each download retry and its wait on the debug stream' {
        $list = New-List 'retried.txt' "images/8x8/1.jpg?status=503&failFirst=1&group=$([guid]::NewGuid())"

        # The preference rather than -Debug, which makes a binary cmdlet ask before each debug record.
        $DebugPreference = 'Continue'
        $debug = @(Invoke-Img2Dataset $list (Join-Path $TestDrive 'debug') @common -Retries 1 5>&1 |
                Where-Object { $_ -is [Management.Automation.DebugRecord] }).Message

        $debug | Where-Object { $_ -like 'Retrying * (attempt 2 of 2): HTTP Error 503*' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'CI services' {
    BeforeAll {
        $blocked = Join-Path $TestDrive 'blocked'
        New-Item -ItemType Directory -Force (Join-Path $blocked '00001.tar') | Out-Null
    }

    It 'annotates a failed shard and uploads a Markdown summary in Azure Pipelines (TF_BUILD=True)' {
        $run = Invoke-JobProcess $good $blocked @{ TF_BUILD = 'True' }

        $run.Output | Should -Match '##vso\[task\.logissue type=warning\]Shard 1 of .* failed to be written'
        $run.Output | Should -Match '##vso\[task\.uploadsummary\].*run-summary\.md'
        Get-Content (Join-Path $blocked '.img2dataset/run-summary.md') -Raw | Should -Match '\| rows \| successes \|'
    }

    It 'annotates a run over its failure threshold as an error in Azure Pipelines and GitHub Actions' {
        (Invoke-JobProcess $failing (Join-Path $TestDrive 'azure-error') @{ TF_BUILD = 'True' }).Output |
            Should -Match '##vso\[task\.logissue type=error\]All 2 rows failed'
        (Invoke-JobProcess $failing (Join-Path $TestDrive 'github-error') @{ GITHUB_ACTIONS = 'true' }).Output |
            Should -Match '::error::All 2 rows failed'
    }

    It 'escapes a message''s % as each service decodes it: %AZP25 for Azure Pipelines, %25 for GitHub Actions' {
        # Half the rows fail, at -MaximumFailureRate 0.5: the warning says "50.0 % of the rows failed".
        $script = "Import-Module '$modulePath'; Invoke-Img2Dataset '$half' '{0}' -OutputFormat webdataset -AllowPrivateNetwork -ImageSize 8 -MaximumFailureRate 0.5 | Out-Null"

        $azure = Invoke-PwshProcess ($script -f (Join-Path $TestDrive 'percent-azure')) @{ TF_BUILD = 'True'; GITHUB_ACTIONS = $null }
        $github = Invoke-PwshProcess ($script -f (Join-Path $TestDrive 'percent-github')) @{ TF_BUILD = $null; GITHUB_ACTIONS = 'true' }

        $azure.Output | Should -Match '##vso\[task\.logissue type=warning\]50\.0 %AZP25 of the rows failed'
        $azure.Output | Should -Not -Match '%25'
        $github.Output | Should -Match '::warning::50\.0 %25 of the rows failed'
    }

    It 'keeps a multi-line message in one cell of the Markdown summary, and shows durations with their days' {
        [Img2Dataset.PowerShell.Presentation]::MarkdownCell("HTTP Error 500`r`nat a | b`nend") | Should -Be 'HTTP Error 500<br>at a \| b<br>end'
        Invoke-JobProcess $good $blocked @{ TF_BUILD = 'True' } | Out-Null
        $summary = Get-Content (Join-Path $blocked '.img2dataset/run-summary.md')

        $row = $summary | Where-Object { $_ -match '^\| \d' } | Select-Object -First 1
        ($row -split '\|')[7].Trim() | Should -Match '^(\d+d )?\d\d:\d\d:\d\d(\.\d)?$'
        [Img2Dataset.PowerShell.Presentation]::Duration([TimeSpan]::FromHours(30)) | Should -Be '1d 06:00:00'
    }

    It 'says in its default output which worker of how many a run was, and that the CI gave it' {
        $run = Invoke-PwshProcess "Import-Module '$modulePath'; Invoke-Img2Dataset '$good' '$(Join-Path $TestDrive 'azure-worker')' -OutputFormat webdataset -SamplesPerShard 1 -AllowPrivateNetwork -ImageSize 8" @{
            SYSTEM_JOBPOSITIONINPHASE = '2'; SYSTEM_TOTALJOBSINPHASE = '3'; TF_BUILD = $null; GITHUB_ACTIONS = $null
        }

        ($run.Output -replace '\e\[[\d;]*m') | Should -Match 'Worker\s+: worker 1 of 3, from SYSTEM_JOBPOSITIONINPHASE'
    }

    It 'writes no logging command when TF_BUILD is merely present' {
        (Invoke-JobProcess $good $blocked @{ TF_BUILD = '1' }).Output | Should -Not -Match '##vso'
    }

    It 'annotates and writes the step summary in GitHub Actions (GITHUB_ACTIONS=true)' {
        $stepSummary = Join-Path $TestDrive 'step-summary.md'

        $run = Invoke-JobProcess $good $blocked @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = $stepSummary }

        $run.Output | Should -Match '::warning::Shard 1 of .* failed to be written'
        Get-Content $stepSummary -Raw | Should -Match '### Img2Dataset: '
    }
}

Describe 'TLS failures' {
    It 'records an untrusted certificate in the reference''s words, then the platform''s cause, in the metadata and the stats' {
        $list = Join-Path $TestDrive 'tls.txt'
        "$($server.SecureUrl)/images/8x8/1.jpg", "$base/images/8x8/2.jpg" | Set-Content $list
        $out = Join-Path $TestDrive 'tls'

        Invoke-Img2Dataset $list $out @common -OutputFormat parquet | Out-Null

        $message = (Get-DatasetSample $out | Where-Object { $_.Metadata['url'] -like 'https*' }).Metadata['error_message']
        $message | Should -BeLike 'certificate verify failed: The remote certificate is invalid*'
        $message | Should -Not -BeLike '*see inner exception*'
        (Get-DatasetStatistics $out).StatusDict.Keys | Should -Contain $message
    }
}
