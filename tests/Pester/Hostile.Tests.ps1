# What hostile servers and folders do to the cmdlets: every run ends, every row has a record, one job per folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $junk = 'about:blank', 'javascript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'file:///etc/passwd', '//', 'C:\images\a.jpg', 'ftp://127.0.0.1/a.jpg', 'ws://127.0.0.1/a'
    $junkUrls = $junk | ForEach-Object { "$base/images/8x8/1.jpg?location=$([uri]::EscapeDataString($_))" }
    $common = @{ AllowPrivateNetwork = $true; ImageSize = 8; SamplesPerShard = 10; ThreadCount = 8; Timeout = 5 }

    # Runs a job on a thread, so that a job that hangs fails this test instead of stopping the suite.
    function Invoke-JobWithin([int] $Seconds, [hashtable] $Parameters) {
        $job = Start-ThreadJob -ScriptBlock {
            param($ModulePath, $Parameters)
            Import-Module $ModulePath
            Invoke-Img2Dataset @Parameters
        } -ArgumentList $modulePath, $Parameters
        try {
            if (-not (Wait-Job $job -Timeout $Seconds)) { throw "Invoke-Img2Dataset did not end within $Seconds s" }
            Receive-Job $job -ErrorAction Stop
        }
        finally { Remove-Job $job -Force }
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Hostile redirects' {
    It 'Invoke-Img2Dataset ends when rows redirect to locations without a host, with every row in the metadata' {
        $list = Join-Path $TestDrive 'junk.txt'
        $junkUrls + (0..3 | ForEach-Object { "$base/images/8x8/$_.jpg" }) | Set-Content $list
        $out = Join-Path $TestDrive 'junk-out'

        $summary = Invoke-JobWithin 120 (@{ UrlList = $list; OutputFolder = $out; OutputFormat = 'webdataset' } + $common)

        $summary.Count | Should -Be 12
        $summary.Successes | Should -Be 4
        (Get-DatasetStatistics $out).Count | Should -Be 12
    }

    It 'Invoke-ImageDownload gives each such row a failure record, not a terminating error' {
        $images = @($junkUrls | Invoke-ImageDownload -AllowPrivateNetwork -Timeout 5)

        $images.Count | Should -Be $junkUrls.Count
        $images | ForEach-Object { $_.ErrorMessage | Should -BeLike 'Redirect to an unsupported location*' }
    }

    It 'Test-RobotsDirective gives each such URL a verdict naming the redirect' {
        $verdicts = @($junkUrls | Test-RobotsDirective -AllowPrivateNetwork -Timeout 5)

        $verdicts.Count | Should -Be $junkUrls.Count
        $verdicts | ForEach-Object { $_.Error | Should -BeLike 'Redirect to an unsupported location*' }
    }
}

Describe 'Hostile bodies and images' {
    It 'refuses a body larger than -MaxBytesInFlight and keeps downloading the rest' {
        $urls = "$base/images/8x8/1.jpg?bodyBytes=3000000&chunked=1", "$base/images/8x8/2.jpg"

        $images = @($urls | Invoke-ImageDownload -AllowPrivateNetwork -MaxBytesInFlight 1MB | Sort-Object Url)

        $images[0].ErrorMessage | Should -Be 'response too large (more than 1048576 bytes)'
        $images[1].Status | Should -Be 'success'
    }

    It 'decodes only the first frame of a GIF of 10,000 full-canvas frames' {
        $list = Join-Path $TestDrive 'bomb.txt'
        "$base/bombs/frames.gif?size=1000&frames=10000" | Set-Content $list

        $summary = Invoke-JobWithin 120 (@{ UrlList = $list; OutputFolder = (Join-Path $TestDrive 'bomb-out'); OutputFormat = 'webdataset' } + $common)

        $summary.Successes | Should -Be 1
    }

    It 'writes a valid empty tar for a shard where every download failed' {
        $list = Join-Path $TestDrive 'failing.txt'
        # Shard 0 fails whole; shard 1 has a success, so the run is not one in which every row failed.
        "$base/images/8x8/1.jpg?status=404", "$base/images/8x8/2.jpg?status=500", "$base/images/8x8/3.jpg" | Set-Content $list
        $out = Join-Path $TestDrive 'failing-out'

        $twoPerShard = $common.Clone()
        $twoPerShard.SamplesPerShard = 2
        Invoke-Img2Dataset $list $out -OutputFormat webdataset @twoPerShard | Out-Null

        $tar = Join-Path $out '00000.tar'
        (Get-Item $tar).Length | Should -Be 1024
        $reader = [System.Formats.Tar.TarReader]::new([IO.File]::OpenRead($tar))
        try { $reader.GetNextEntry() | Should -BeNullOrEmpty } finally { $reader.Dispose() }
        (Get-DatasetStatistics $out).Count | Should -Be 3
    }
}

Describe 'One job per output folder' {
    It 'refuses a second job while the first runs, naming it, and lets the next one in afterwards' {
        $list = Join-Path $TestDrive 'slow.txt'
        0..3 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=1500" } | Set-Content $list
        $out = Join-Path $TestDrive 'shared-out'
        $first = Start-ThreadJob -ScriptBlock {
            param($ModulePath, $Parameters)
            Import-Module $ModulePath
            Invoke-Img2Dataset @Parameters
        } -ArgumentList $modulePath, (@{ UrlList = $list; OutputFolder = $out; OutputFormat = 'webdataset'; ThreadCount = 1 } + @{ AllowPrivateNetwork = $true; ImageSize = 8 })
        try {
            $owner = Join-Path $out '.img2dataset/owner'
            $waited = 0
            while (-not (Test-Path $owner) -and $waited -lt 200) { Start-Sleep -Milliseconds 50; $waited++ }

            { Invoke-Img2Dataset $list $out -OutputFormat webdataset @common -ErrorAction Stop } |
                Should -Throw -ErrorId 'OutputFolderInUse,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand' -ExpectedMessage "*process $PID on host*"

            (Wait-Job $first -Timeout 60 | Receive-Job).Successes | Should -Be 4
        }
        finally { Remove-Job $first -Force }

        (Invoke-Img2Dataset $list $out -OutputFormat webdataset @common).ShardsSkipped | Should -Be 1
    }

    It 'takes over the folder of a job killed with SIGKILL, and resumes it' -Skip:(-not $IsLinux -and -not $IsMacOS) {
        $list = Join-Path $TestDrive 'killed.txt'
        0..19 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=400" } | Set-Content $list
        $out = Join-Path $TestDrive 'killed-out'
        $script = "Import-Module '$modulePath'; Invoke-Img2Dataset -UrlList '$list' -OutputFolder '$out' -OutputFormat webdataset -SamplesPerShard 5 -ThreadCount 1 -AllowPrivateNetwork -ImageSize 8"
        $victim = [Diagnostics.Process]::Start((New-PwshStartInfo '-Command', $script))
        try {
            $waited = 0
            while (-not (Test-Path (Join-Path $out '00000_stats.json')) -and $waited -lt 300) { Start-Sleep -Milliseconds 50; $waited++ }
        }
        finally { & kill -9 $victim.Id; $victim.WaitForExit() }

        $resume = $common.Clone()
        $resume.SamplesPerShard = 5
        $summary = Invoke-Img2Dataset $list $out -OutputFormat webdataset @resume

        $summary.ShardsSkipped | Should -BeGreaterOrEqual 1
        (Get-DatasetStatistics $out).Count | Should -Be 20
    }
}
