# Export-DatasetReport and Invoke-Img2Dataset -Report: the report of a real dataset (made by the loopback image server,
# with opt-outs and failures), every number checked against the dataset, on every output format, local and remote,
# and opened in a real headless browser.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $noEmulators = -not (Get-StorageEmulatorsFolder)
    $noBrowser = -not (Get-HeadlessBrowser)
    if ($noBrowser) { Write-Warning 'chromium is not installed (build.ps1 -Task Test installs it on Debian as root): the report''s browser tests are skipped.' }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $artifacts = if ($env:IMG2DATASET_TEST_RESULTS) { $env:IMG2DATASET_TEST_RESULTS } else { $TestDrive }

    # 60 rows in 3 shards: 36 stored, 6 refused by X-Robots-Tag, 6 by tdm-reservation, 6 not found, 6 not images.
    $list = Join-Path $TestDrive 'urls.csv'
    1..60 | ForEach-Object {
        $url = switch ($_ % 10) {
            0 { "$base/images/40x30/$_.jpg?header=X-Robots-Tag:noai" }
            1 { "$base/images/40x30/$_.jpg?status=404" }
            2 { "$base/images/40x30/$_.jpg?header=tdm-reservation:1" }
            3 { "$base/broken/truncated.jpg?n=$_" }
            default { "$base/images/$(40 + $_)x30/$_.jpg" }
        }
        [pscustomobject]@{ url = $url; caption = "photo <$_> & ""quoted""" }
    } | Export-Csv $list
    $job = @{ CaptionColumn = 'caption'; SamplesPerShard = 20; ImageSize = 32; ThrottleLimit = 8; AllowPrivateNetwork = $true }
    $datasets = @{}
    foreach ($format in 'webdataset', 'parquet', 'tfrecord', 'files') {
        $datasets[$format] = Join-Path $TestDrive $format
        Invoke-Img2Dataset $list $datasets[$format] @job -OutputFormat $format | Out-Null
    }

    function Read-Report([string] $Path) {
        # The report as XML (it is written well-formed for this), and its tables' rows keyed by data-key.
        [xml](Get-Content $Path -Raw)
    }

    function Get-Figure([xml] $Report, [string] $Id) {
        $Report.SelectSingleNode("//*[@id='$Id']").GetAttribute('data-value')
    }

    function Get-TableCounts([xml] $Report, [string] $Table, [int] $Column = 0) {
        # data-key → the Column-th number of that row (data-value of its numeric cells).
        $counts = @{}
        foreach ($row in $Report.SelectNodes("//table[@id='$Table']/tbody/tr")) {
            $counts[$row.GetAttribute('data-key')] = [long]@($row.SelectNodes('td[@data-value]'))[$Column].GetAttribute('data-value')
        }
        $counts
    }

    function Get-ExpectedOutcomes([string] $Folder) {
        # What the report must count, from the dataset's own metadata: success, failure status, or the refusing signal.
        $counts = @{}
        foreach ($row in Get-DatasetMetadata $Folder) {
            $signal = if ($row.opt_out) { ($row.opt_out | ConvertFrom-Json).signal }
            $key = if ($row.status -eq 'success') { 'success' } elseif ($signal) { "opt-out: $signal" } else { $row.status }
            $counts[$key] = 1 + ($counts[$key] ?? 0)
        }
        $counts
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Export-DatasetReport' {
    It 'counts every row of a <_> dataset as its metadata and stats do' -ForEach 'webdataset', 'parquet', 'tfrecord', 'files' {
        $folder = $datasets[$_]
        $file = Export-DatasetReport $folder -SampleCount 12

        $file.FullName | Should -Be (Join-Path $folder 'report.html')
        $report = Read-Report $file.FullName
        $stats = Get-DatasetStatistics $folder
        Get-Figure $report 'rows' | Should -Be $stats.Count
        Get-Figure $report 'successes' | Should -Be $stats.Successes
        Get-Figure $report 'failed-to-download' | Should -Be $stats.FailedToDownload
        Get-Figure $report 'failed-to-resize' | Should -Be $stats.FailedToResize
        Get-Figure $report 'shards' | Should -Be 3
        $outcomes = Get-TableCounts $report 'outcomes'
        $expected = Get-ExpectedOutcomes $folder
        $outcomes.Keys | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
        foreach ($key in $expected.Keys) { $outcomes[$key] | Should -Be $expected[$key] -Because $key }
        $outcomes['opt-out: XRobotsTag'] | Should -Be 6
        $outcomes['opt-out: TdmReservation'] | Should -Be 6
        (Get-TableCounts $report 'shards').Values | Measure-Object -Sum | ForEach-Object Sum | Should -Be 60
        (Get-TableCounts $report 'hosts')['127.0.0.1'] | Should -Be 60
        (Get-TableCounts $report 'failing-hosts' -Column 2)['127.0.0.1'] | Should -Be ($stats.FailedToDownload + $stats.FailedToResize - 12)
        foreach ($i in 0..3) { $report.SelectNodes("//table[@id='histogram-$i']/tbody/tr/td").'data-value' | Measure-Object -Sum | ForEach-Object Sum | Should -Be 36 }
        # Each bin of the original widths, against the metadata (edges 64, 128, 256, …: a value on an edge opens its bin).
        $edges = 64, 128, 256, 512, 1024, 2048, 4096
        $expectedBins = @(0) * 8
        Get-DatasetMetadata $folder | Where-Object status -eq 'success' | ForEach-Object {
            $w = $_.original_width
            $expectedBins[@($edges | Where-Object { $_ -le $w }).Count]++
        }
        [long[]]$report.SelectNodes("//table[@id='histogram-0']/tbody/tr/td").'data-value' | Should -Be $expectedBins
    }

    It 'shows the chosen samples with their captions as alt text, the same ones whatever the format' {
        $chosen = foreach ($format in 'webdataset', 'parquet', 'tfrecord', 'files') {
            $report = Read-Report (Export-DatasetReport $datasets[$format] -SampleCount 12 -OutFile (Join-Path $TestDrive "$format.html")).FullName
            $images = $report.SelectNodes("//ul[@id='samples']/li/figure")
            $images.Count | Should -Be 12
            $captions = @{}
            Get-DatasetMetadata $datasets[$format] | ForEach-Object { $captions[$_.key] = $_.caption }
            foreach ($figure in $images) {
                $key = $figure.SelectSingleNode('figcaption/span').InnerText.Split(' ')[0]
                $figure.img.alt | Should -Be $captions[$key]
                $figure.img.src | Should -Match '^data:image/jpeg;base64,/9j/'
            }
            ($images | ForEach-Object { $_.SelectSingleNode('figcaption/span').InnerText }) -join ','
        }
        $chosen | Select-Object -Unique | Should -HaveCount 1
    }

    It 'names each refusing signal with its evidence, and each error with an example URL' {
        $report = Read-Report (Export-DatasetReport $datasets.webdataset -OutFile (Join-Path $TestDrive 'consent.html')).FullName
        $signals = Get-TableCounts $report 'signals'
        $signals.XRobotsTag | Should -Be 6
        $signals.TdmReservation | Should -Be 6
        $evidence = $report.SelectSingleNode("//table[@id='signals']/tbody/tr[@data-key='XRobotsTag']/td/code").InnerText | ConvertFrom-Json
        $evidence.matched | Should -Be 'noai'
        (Get-TableCounts $report 'consent-hosts')['127.0.0.1'] | Should -Be 12
        $errors = $report.SelectNodes("//table[@id='errors']/tbody/tr") | ForEach-Object { [pscustomobject]@{ Message = $_.td[0]; Count = [int]$_.td[1].'data-value'; Url = $_.td[2].InnerText } }
        ($errors | Where-Object Message -eq 'HTTP Error 404: Not Found').Count | Should -Be 6
        ($errors | Where-Object Message -eq 'HTTP Error 404: Not Found').Url | Should -Match 'status=404$'
        ($errors | Where-Object Message -eq 'Image decoding error').Count | Should -Be 6
    }

    It 'is one file that asks for nothing outside itself' {
        $path = (Export-DatasetReport $datasets.parquet -OutFile (Join-Path $TestDrive 'artifacts/self-contained.html')).FullName
        $report = Read-Report $path
        $policy = $report.SelectSingleNode("//meta[@http-equiv='Content-Security-Policy']").content
        $policy | Should -Match "^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'"
        $report.SelectNodes('//script').Count | Should -Be 0
        $report.SelectNodes('//@src | //@href') | ForEach-Object Value | Should -Match '^data:'
        (Get-Item $path).Length | Should -BeLessThan 5MB
    }

    It 'reports only the published shards of a dataset still being written, and what each worker has left' {
        $folder = Join-Path $TestDrive 'workers'
        Invoke-Img2Dataset $list $folder @job -OutputFormat webdataset -WorkerIndex 0 -WorkerCount 2 | Out-Null
        # A shard being written by the other worker: data, no commit record yet.
        Set-Content (Join-Path $folder '00001.tar') 'not yet'
        $report = Read-Report (Export-DatasetReport $folder).FullName

        $shards = $report.SelectNodes("//table[@id='shards']/tbody/tr")
        $shards | ForEach-Object { "$($_.'data-key'):$($_.class)" } | Should -Be '00001:incomplete', '00000:complete', '00002:complete'
        Get-Figure $report 'rows' | Should -Be 40
        Get-Figure $report 'complete' | Should -Be 'False'
        $workers = $report.SelectNodes("//table[@id='workers']/tbody/tr")
        $workers.Count | Should -Be 2
        $workers[1].td[2] | Should -Be '00001'
        $report.SelectSingleNode("//table[@id='options']//tr[th/code='output_format']/td/code").InnerText | Should -Be 'webdataset'
        $report.DocumentElement.InnerText | Should -Match 'written by Img2Dataset \d+\.\d+\.\d+'
    }

    It 'refuses one -OutFile for two datasets' {
        { Export-DatasetReport $datasets.webdataset, $datasets.parquet -OutFile (Join-Path $TestDrive 'two.html') -ErrorAction Stop } |
            Should -Throw -ErrorId 'OneOutFilePerDataset,*'
    }

    It 'opens the report with the desktop''s handler under -Show' {
        # A stand-in xdg-open (what .NET runs to open a file on Linux) that records what it was asked to open.
        $bin = Join-Path $TestDrive 'bin'
        New-Item -ItemType Directory -Force $bin | Out-Null
        $opened = Join-Path $TestDrive 'opened.txt'
        Set-Content (Join-Path $bin 'xdg-open') "#!/bin/sh`necho `"`$1`" > '$opened'" -NoNewline
        & chmod +x (Join-Path $bin 'xdg-open')
        $out = Join-Path $TestDrive 'shown.html'
        $result = Invoke-PwshProcess "Import-Module '$(Get-TestModulePath)'; Export-DatasetReport '$($datasets.files)' -OutFile '$out' -Show | Out-Null" `
            -Environment @{ PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH" }

        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Test-Path $opened) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-Content $opened -Raw).Trim() | Should -Be $out
    } -Skip:(-not $IsLinux)
}

Describe 'Export-DatasetReport in a browser' -Skip:$noBrowser {
    It 'loads with no console error and no request leaving the file, and shows the counts' {
        $path = (Export-DatasetReport $datasets.webdataset -OutFile (Join-Path $TestDrive 'browser.html')).FullName
        $screenshot = Join-Path $artifacts 'dataset-report.png'
        $shown = Invoke-HeadlessBrowser -File $path -Screenshot $screenshot
        $shown.Console | Should -BeNullOrEmpty
        $shown.Requests | Should -BeNullOrEmpty
        (Get-Item $screenshot).Length | Should -BeGreaterThan 10KB

        $dom = Invoke-HeadlessBrowser -File $path
        $dom.Console | Should -BeNullOrEmpty
        $dom.Requests | Should -BeNullOrEmpty
        $dom.Dom | Should -Match '<dd id="rows" data-value="60">60</dd>'
        $dom.Dom | Should -Match '<dd id="successes" data-value="36">36</dd>'
        ([regex]::Matches($dom.Dom, '<img src="data:image/jpeg')).Count | Should -Be 36
    }

    It 'fits a phone <_> px wide: nothing wider than the screen but the tables, which scroll in their own box' -ForEach 320, 375 {
        # The report in a frame that wide, with a script (the report's policy allows none) that measures it once laid out
        # and tells the frame's page, whose DOM chromium dumps.
        $page = Get-Content (Export-DatasetReport $datasets.webdataset -OutFile (Join-Path $TestDrive "phone-$_.html")).FullName -Raw
        $measure = '<script>addEventListener("load", () => parent.postMessage([...document.querySelectorAll("body *")]' +
            '.filter(n => n.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !n.closest(".table-wrap"))' +
            '.map(n => n.tagName).concat(["scroll " + (document.documentElement.scrollWidth - document.documentElement.clientWidth)]).join(" "), "*"));</script></body>'
        $measured = Join-Path $TestDrive "phone-measured-$_.html"
        ($page -replace '<meta http-equiv="Content-Security-Policy"[^>]*>', '').Replace('</body>', $measure) | Set-Content $measured
        $frame = Join-Path $TestDrive "phone-frame-$_.html"
        "<!doctype html><html><body><iframe src=`"$(Split-Path $measured -Leaf)`" width=`"$_`" height=`"700`"></iframe>" +
            '<script>addEventListener("message", e => document.body.setAttribute("data-wider", e.data));</script></body></html>' | Set-Content $frame

        $shown = Invoke-HeadlessBrowser -File $frame

        [regex]::Match($shown.Dom, 'data-wider="([^"]*)"').Groups[1].Value | Should -Be 'scroll 0'
    }

    It 'sees a request or a CSP violation when a page has one (the checks above can fail)' {
        $page = Get-Content (Export-DatasetReport $datasets.files -OutFile (Join-Path $TestDrive 'control.html')).FullName -Raw
        $leak = '<main><img src="http://leak.test/x.png" alt="" />'
        $withPolicy = Join-Path $TestDrive 'violating.html'
        $page.Replace('<main>', $leak) | Set-Content $withPolicy
        $withoutPolicy = Join-Path $TestDrive 'leaking.html'
        ($page.Replace('<main>', $leak) -replace '<meta http-equiv="Content-Security-Policy"[^>]*>', '') | Set-Content $withoutPolicy

        (Invoke-HeadlessBrowser -File $withPolicy).Console | Should -Match 'Content Security Policy'
        (Invoke-HeadlessBrowser -File $withoutPolicy).Requests | Should -Contain 'GET http://leak.test/x.png HTTP/1.1'
    }
}

Describe 'Invoke-Img2Dataset -Report' {
    It 'writes the report at the end of the run and names it in the summary and the CI run summary' {
        $folder = Join-Path $TestDrive 'with-report'
        $script = "Import-Module '$(Get-TestModulePath)'; `$s = Invoke-Img2Dataset '$list' '$folder' -CaptionColumn caption -SamplesPerShard 20 -ImageSize 32 -AllowPrivateNetwork -Report; `$s.ReportPath"
        $result = Invoke-PwshProcess $script -Environment @{ TF_BUILD = 'True'; GITHUB_ACTIONS = $null }

        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $report = Join-Path $folder 'report.html'
        $result.Output | Should -Match ([regex]::Escape($report))
        Get-Figure (Read-Report $report) 'rows' | Should -Be 60
        $summary = Get-Content (Join-Path $folder '.img2dataset/run-summary.md') -Raw
        $summary | Should -Match ([regex]::Escape("HTML report: [report.html]($([Uri]::new($report).AbsoluteUri))"))
    }
}

Describe 'Export-DatasetReport of a remote dataset' -Skip:$noEmulators {
    BeforeAll {
        $started = Start-StorageEmulators -DataFolder (Join-Path $TestDrive 's3rver') -Name 'reports'
    }
    AfterAll {
        Stop-StorageEmulators $started
    }

    It 'reads the shards from <_> and writes the report locally' -ForEach 'az://reports/run1', 's3://reports/run1' {
        $location = $_
        Invoke-Img2Dataset $list $location @job -OutputFormat webdataset | Out-Null
        $here = Join-Path $TestDrive ($location -replace '[:/]+', '-')
        New-Item -ItemType Directory -Force $here | Out-Null
        Push-Location $here
        try { $file = Export-DatasetReport $location -SampleCount 5 }
        finally { Pop-Location }

        $file.FullName | Should -Be (Join-Path $here 'report.html')
        $report = Read-Report $file.FullName
        Get-Figure $report 'rows' | Should -Be 60
        Get-Figure $report 'successes' | Should -Be 36
        $report.SelectNodes("//ul[@id='samples']/li").Count | Should -Be 5
        $report.SelectNodes("//ul[@id='samples']/li//img").Count | Should -Be 5 -Because 'each shard''s images are fetched while it is read'
        $report.SelectSingleNode("//table[@id='histogram-5']/caption").InnerText | Should -Be 'Stored image size: 36 images'
        $report.SelectSingleNode('//header/p').InnerText | Should -Be $location
        $report.SelectSingleNode("//table[@id='options']//tr[th/code='output_format']/td/code").InnerText | Should -Be 'webdataset'
        $report.DocumentElement.InnerText | Should -Match 'written by Img2Dataset \d+\.\d+\.\d+'
    }
    It 'lists a remote shard whose data is gone as incomplete, as the store lists it' {
        # s3rver keeps each object as files in its data folder: removing a tar's files is a shard cut short.
        $location = 's3://reports/cut'
        Invoke-Img2Dataset $list $location @job -OutputFormat webdataset | Out-Null
        Get-ChildItem -Recurse (Join-Path $TestDrive 's3rver') -Filter '00001.tar._S3rver_*' |
            Where-Object FullName -Like '*cut*' | Remove-Item
        $file = Export-DatasetReport $location -SampleCount 0 -OutFile (Join-Path $TestDrive 'cut.html')

        $report = Read-Report $file.FullName
        $shards = $report.SelectNodes("//table[@id='shards']/tbody/tr")
        $shards | ForEach-Object { "$($_.'data-key'):$($_.class)" } | Should -Be '00001:incomplete', '00000:complete', '00002:complete'
        Get-Figure $report 'complete' | Should -Be 'False'
    }
}
