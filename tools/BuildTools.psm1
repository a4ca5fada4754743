# Helpers for build.ps1: running native tools and child pwsh processes, collecting test counts, benchmarks.
Set-StrictMode -Version Latest

function Invoke-Native {
    # Runs a native command and fails the build when it fails. Plain $args, so that "-c" is the tool's, not PowerShell's.
    # An array even for one argument: splatting a lone string would pass its characters one by one.
    $Command = $args[0]
    $Arguments = @($args | Select-Object -Skip 1)
    & $Command @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-PwshLauncher {
    # The pwsh that runs this build: 'dotnet pwsh' runs as dotnet + pwsh.dll, an installed pwsh as itself.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function Invoke-ChildPwsh {
    # Runs a script in a fresh pwsh so that module assemblies loaded by it never lock or leak into the build session.
    # Usage: Invoke-ChildPwsh SCRIPT [-Name value ...]; plain $args, passed on as they are.
    $File = $args[0]
    $Arguments = @($args | Select-Object -Skip 1)
    $launcher = Get-PwshLauncher
    & $launcher[0] @($launcher | Select-Object -Skip 1) -NoProfile -NonInteractive -File $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$File failed with exit code $LASTEXITCODE" }
}

function Get-ImageServerPath {
    param([Parameter(Mandatory)][string] $Root, [Parameter(Mandatory)][string] $Configuration)
    Join-Path $Root "tests/ImageServer/bin/$Configuration/net8.0/Img2Dataset.ImageServer.dll"
}

function Invoke-XunitTests {
    # Runs one xunit project and reads its counts from the TRX report (the console summary is not stable to parse).
    param([string] $Project, [string] $Configuration, [string] $ResultsDirectory)
    & dotnet test $Project -c $Configuration --no-build --nologo --logger 'trx;LogFileName=engine.trx' `
        --logger 'console;verbosity=normal' --results-directory $ResultsDirectory | Out-Host
    $trx = Join-Path $ResultsDirectory 'engine.trx'
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Failures = @('xunit wrote no TRX report'); Completed = $false } }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $failures = @($run.Results.UnitTestResult | Where-Object outcome -notin 'Passed', 'NotExecuted' |
        ForEach-Object { "$($_.testName): $(Get-FirstLine $_.Output.ErrorInfo.Message)" })
    [pscustomobject]@{
        Passed    = [int]$counters.passed
        Failed    = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Failures  = $failures
        Completed = $true
    }
}

function Get-FirstLine([string] $Text) {
    # CI logs show only their tail, so a failure is listed there in one line; the full text is in the test output above.
    ($Text -split '\r?\n' | Where-Object { $_.Trim() } | Select-Object -First 1) ?? ''
}

function Get-RestoredPackageFolder {
    # The NuGet global packages folder that a restore of this project used, as recorded in its assets file.
    param([Parameter(Mandatory)][string] $Project)
    Invoke-Native dotnet restore $Project --nologo -v quiet
    $assets = Get-Content (Join-Path (Split-Path $Project) 'obj/project.assets.json') -Raw | ConvertFrom-Json
    @($assets.packageFolders.PSObject.Properties.Name)[0]
}

function Invoke-PesterTests {
    param([string] $Root, [string] $ModulePath, [string] $Configuration, [string] $ResultsDirectory)
    $packages = Get-RestoredPackageFolder (Join-Path $Root 'tests/Pester/Img2Dataset.PesterDependencies.csproj')
    New-Item -ItemType Directory -Force $ResultsDirectory | Out-Null
    $resultPath = Join-Path $ResultsDirectory 'pester.json'
    $env:IMG2DATASET_MODULE = $ModulePath
    $env:IMG2DATASET_SERVER = Get-ImageServerPath -Root $Root -Configuration $Configuration
    $env:IMG2DATASET_PACKAGES = $packages
    $env:IMG2DATASET_TEST_RESULTS = $ResultsDirectory
    $launcher = Get-PwshLauncher
    & $launcher[0] @($launcher | Select-Object -Skip 1) -NoProfile -NonInteractive `
        -File (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') -PackageFolder $packages -ResultPath $resultPath | Out-Host
    if (-not (Test-Path $resultPath)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Failures = @('Pester wrote no result file'); Completed = $false } }
    $counts = Get-Content $resultPath -Raw | ConvertFrom-Json
    [pscustomobject]@{ Passed = $counts.Passed; Failed = $counts.Failed; Failures = @($counts.Failures | ForEach-Object { Get-FirstLine $_ }); Completed = $true }
}

function Invoke-ReferenceComparison {
    # The job side by side with the reference's replica on real photographs (../shared/bench, see its README):
    # CPU ms per image, images/s, peak memory and their ratio, for 2,000 and 20,000 URLs; then the transform alone on
    # the same photographs, and one summary line with the CPU: both ratios (goals 1.7 and 1.3), our peak memory (goal
    # under 300 MB) and the job's CPU per image over the transform's (goal 1.25). Linux only (nginx, OpenCV).
    param([string] $Root, [string] $WorkFolder, [string] $BenchAssembly)
    $shared = Join-Path $Root '../shared/bench'
    if (-not $IsLinux -or -not (Test-Path (Join-Path $shared 'pair-job.sh'))) {
        Write-Warning "No side-by-side comparison with the reference: it needs Linux and $shared."
        return
    }
    # A copy, because the shared folder is read-only and its baseline_resize_lib.py lost the link to baseline-resize.py.
    $bench = Join-Path $WorkFolder 'reference-bench'
    Remove-Item $bench -Recurse -Force -ErrorAction Ignore
    Copy-Item $shared $bench -Recurse
    Copy-Item (Join-Path $bench 'baseline-resize.py') (Join-Path $bench 'baseline_resize_lib.py') -Force
    # nginx's worker must read the corpus, so not under root's private home.
    if (-not $env:BENCH_DATA) { $env:BENCH_DATA = '/var/tmp/img2dataset-bench' }
    Invoke-Native bash (Join-Path $bench 'make-corpus.sh')
    Push-Location $Root
    try {
        $small = Invoke-PairJob (Join-Path $bench 'pair-job.sh') (Join-Path $env:BENCH_DATA 'urls-2000.txt') 2
        $large = Invoke-PairJob (Join-Path $bench 'pair-job.sh') (Join-Path $env:BENCH_DATA 'urls-20000.txt') 1
        $shrunk = Invoke-PairJob (New-PairJobVariant $bench 'shrink-on-load' '-ShrinkOnLoad') (Join-Path $env:BENCH_DATA 'urls-20000.txt') 1
    }
    finally { Pop-Location }
    $photos = Join-Path $env:BENCH_DATA 'corpus/photo'
    $transform = & dotnet $BenchAssembly transform-photos --folder $photos --rounds 2
    if ($LASTEXITCODE -ne 0) { throw "transform-photos failed ($LASTEXITCODE)" }
    $transform | Out-Host
    $topology = ($transform | Where-Object { $_ -like 'topology:*' }) -replace '^topology: ', ''
    $everyCpu = [regex]::Match(($transform | Where-Object { $_ -like 'transform on all*' }), '([\d.]+) × the CPU per image').Groups[1].Value
    # Where logical CPUs share cores, the replica (about one busy thread) has a core to itself while the job keeps every
    # logical CPU busy: the same side by side once more with the job's pixel work on one thread per physical core.
    $topologyValues = ConvertFrom-StringData ((($transform | Where-Object { $_ -like 'topology-values:*' }) -replace '^topology-values: ', '') -replace ';', "`n")
    $oneThreadPerCore = $null
    if ($topologyValues['shares-cores'] -eq 'true') {
        $cores = $topologyValues['physical']
        Push-Location $Root
        try { $oneThreadPerCore = Invoke-PairJob (New-PairJobVariant $bench 'one-thread-per-core' "-TransformThrottleLimit $cores") (Join-Path $env:BENCH_DATA 'urls-20000.txt') 1 }
        finally { Pop-Location }
    }
    # -ShrinkOnLoad: the same pixel work with large JPEGs decoded at reduced scale, and how far each output is from the
    # reference's own (its resizer, from the shared bench, writes them).
    Invoke-Native dotnet $BenchAssembly transform-photos --folder $photos --rounds 2 --shrink-on-load
    # The codecs issue 27 names, step by step on the same photographs: whether another one should decode.
    Invoke-Native dotnet $BenchAssembly codecs --folder $photos --rounds 2
    $referenceOutputs = Join-Path $WorkFolder 'reference-outputs'
    Invoke-Native /usr/bin/python3 (Join-Path $Root 'tests/Img2Dataset.Bench/reference-outputs.py') $bench $referenceOutputs 300
    Invoke-Native dotnet $BenchAssembly psnr --photos $photos --reference $referenceOutputs
    $floor = ($transform | Where-Object { $_ -like 'transform alone*' } | ForEach-Object { [double]([regex]::Match($_, '([\d.]+) ms CPU/img').Groups[1].Value) } | Measure-Object -Minimum).Minimum
    $job = ($large | Measure-Object Ours -Minimum).Minimum
    $peak = (@($small) + @($large) | Measure-Object OursMB -Maximum).Maximum
    $summary = ("side by side on {0}; {7}: ratio 2,000 URLs {1} (goal 1.3), 20,000 URLs {2} (goal 1.7); our peak memory {3} MB (goal < 300); " +
        "job {4:N2} / transform alone {5:N2} ms CPU/img = {6:N2} (goal 1.25); the transform on every logical CPU costs {8} × its CPU per image on one") -f $small[0].Cpu, (($small | ForEach-Object Ratio) -join ', '),
        (($large | ForEach-Object Ratio) -join ', '), $peak, $job, $floor, ($job / $floor), $topology, $everyCpu
    Write-Host $summary
    Write-Host ("with -ShrinkOnLoad: ratio 20,000 URLs {0}, our peak memory {1} MB" -f (($shrunk | ForEach-Object Ratio) -join ', '), ($shrunk | Measure-Object OursMB -Maximum).Maximum)
    if ($oneThreadPerCore) {
        Write-Host ("with one pixel thread per physical core (-TransformThrottleLimit {0}): ratio 20,000 URLs {1}, ours {2} ms CPU/img" -f $cores,
            (($oneThreadPerCore | ForEach-Object Ratio) -join ', '), (($oneThreadPerCore | ForEach-Object Ours) -join ', '))
    }
}

function New-PairJobVariant {
    # A copy of pair-job.sh (in the comparison's own copy of the shared bench) whose Invoke-Img2Dataset takes more
    # parameters: the same side by side with one option changed.
    param([string] $Bench, [string] $Name, [string] $Parameters)
    $pairJob = Get-Content (Join-Path $Bench 'pair-job.sh') -Raw
    if (-not $pairJob.Contains('-AllowPrivateNetwork | Out-Null')) { throw 'pair-job.sh no longer runs Invoke-Img2Dataset as this comparison expects.' }
    $script = Join-Path $Bench "pair-job-$Name.sh"
    Set-Content $script $pairJob.Replace('-AllowPrivateNetwork | Out-Null', "-AllowPrivateNetwork $Parameters | Out-Null") -NoNewline
    $script
}

function Invoke-PairJob {
    # One run of pair-job.sh, printed as it goes, and its rounds as objects: the CPU line, our and the replica's CPU per
    # image, our peak memory and the ratio.
    param([string] $Script, [string] $Urls, [int] $Rounds)
    $lines = & bash $Script $Urls $Rounds
    if ($LASTEXITCODE -ne 0) { throw "pair-job.sh $Urls failed ($LASTEXITCODE): $lines" }
    $lines | Out-Host
    $cpu = ($lines | Where-Object { $_ -like 'cpu:*' } | Select-Object -First 1) -replace '^cpu: ', ''
    foreach ($line in $lines) {
        $round = [regex]::Match($line, 'upstream-replica ([\d.]+) ms .*\| ours ([\d.]+) ms cpu/img \((\d+) img/s, (\d+) MB\) \| ratio upstream/ours ([\d.]+)')
        if ($round.Success) {
            [pscustomobject]@{ Cpu = $cpu; Replica = [double]$round.Groups[1].Value; Ours = [double]$round.Groups[2].Value
                OursMB = [int]$round.Groups[4].Value; Ratio = $round.Groups[5].Value }
        }
    }
}

function Invoke-CompileOnce {
    # Marks an assembly's methods to be compiled once, fully optimized, whatever JIT settings the host runs with
    # (see tools/CompileOnce, built with the solution).
    param([string] $Root, [string] $Configuration, [string] $Assembly)
    Invoke-Native dotnet (Join-Path $Root "tools/CompileOnce/bin/$Configuration/net8.0/CompileOnce.dll") $Assembly
}

function Remove-UnshippedNativeAsset {
    # SkiaSharp (-ShrinkOnLoad) brings its native library for 19 platforms with Windows symbol files (490 MB); the
    # module ships it for the platforms PowerShell 7 runs on in practice (Linux x64/arm64 glibc, macOS, Windows
    # x64/arm64) without symbols. Elsewhere -ShrinkOnLoad decodes in full, as it says.
    param([Parameter(Mandatory)][string] $Dependencies)
    $shipped = 'linux-x64', 'linux-arm64', 'osx', 'win-x64', 'win-arm64'
    Get-ChildItem (Join-Path $Dependencies 'runtimes') -Directory |
        Where-Object { (Test-Path (Join-Path $_.FullName 'native')) -and $_.Name -notin $shipped } | Remove-Item -Recurse -Force
    Get-ChildItem (Join-Path $Dependencies 'runtimes') -Recurse -Filter '*.pdb' | Remove-Item -Force
}

function Invoke-Benchmarks {
    # Each measurement runs in its own process so that its peak working set is its own.
    param([string] $Root, [string] $Configuration, [string] $WorkFolder)
    New-Item -ItemType Directory -Force $WorkFolder | Out-Null
    $bench = Join-Path $Root "tests/Img2Dataset.Bench/bin/$Configuration/net8.0/Img2Dataset.Bench.dll"
    # The bench runs the engine in its own process: with ImageSharp marked as the module ships it.
    Invoke-CompileOnce -Root $Root -Configuration $Configuration -Assembly (Join-Path (Split-Path $bench) 'SixLabors.ImageSharp.dll')
    Invoke-ReferenceComparison -Root $Root -WorkFolder $WorkFolder -BenchAssembly $bench
    $rows = 1000000
    foreach ($format in 'txt', 'csv', 'json') {
        $list = Join-Path $WorkFolder "urls-$rows.$format"
        if (-not (Test-Path $list)) { Invoke-Native dotnet $bench generate-list --rows $rows --path $list }
        Invoke-Native dotnet $bench read-list --path $list
    }
    Invoke-Native dotnet $bench transform --count 2000
    Invoke-Native dotnet $bench consent-read --count 20000
    # A takedown of a million URLs from a million samples: time, and memory that does not grow with the dataset.
    Invoke-Native dotnet $bench takedown --rows 1000000 --work $WorkFolder
    # A million piped rows put back in key order (Invoke-Img2Dataset's spool): time, and memory that does not grow.
    Invoke-Native dotnet $bench piped-order --rows 1000000 --work $WorkFolder
    # The HTML report of a million rows: time, memory and file size within its goals.
    Invoke-Native dotnet $bench report --rows 1000000 --work $WorkFolder
    $server = Start-ImageServer -ServerPath (Get-ImageServerPath -Root $Root -Configuration $Configuration)
    try {
        Invoke-Native dotnet $bench download --server $server.BaseUrl --count 10000 --size 448x336 --threads 64
        # The consent signals' cost: the same job with them on, off, and on but the AI-crawler groups, twice each,
        # alternating, so drift shows.
        foreach ($signals in 'on', 'no-ai-crawler', 'off', 'on', 'no-ai-crawler', 'off') {
            Invoke-Native dotnet $bench job --server $server.BaseUrl --count 10000 --format webdataset --resize border --work $WorkFolder --signals $signals
        }
        Invoke-Native dotnet $bench job --server $server.BaseUrl --count 10000 --format webdataset --resize off --work $WorkFolder
        # Memory must not grow with the input: the same job on 100 times more URLs.
        foreach ($count in 10000, 1000000) {
            Invoke-Native dotnet $bench job --server $server.BaseUrl --count $count --format dummy --resize off --work $WorkFolder
        }
        Invoke-RemoteBenchmarks -Root $Root -Bench $bench -Server $server -WorkFolder $WorkFolder
    }
    finally {
        Stop-ImageServer $server
    }
    # A hostile web, 40 origins with hostile site files among it: the job must end with every row accounted for,
    # within its memory goal.
    $hostile = Start-ImageServer -ServerPath (Get-ImageServerPath -Root $Root -Configuration $Configuration) -Sites 40
    try { Invoke-Native dotnet $bench soak --server $hostile.BaseUrl --count 20000 --work $WorkFolder --sites ($hostile.Sites -join ',') }
    finally { Stop-ImageServer $hostile }
}

function New-ModulePackage {
    # Publishes the built module to a folder repository, registered for the time it takes: the .nupkg that
    # Install-PSResource and Save-PSResource accept, checked by Publish-PSResource as a gallery would.
    param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $Destination)
    New-Item -ItemType Directory -Force $Destination | Out-Null
    Get-ChildItem $Destination -Filter 'Img2Dataset.*.nupkg' | Remove-Item
    $repository = "Img2DatasetBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $Destination -Trusted
    try { Publish-PSResource -Path $ModulePath -Repository $repository }
    finally { Unregister-PSResourceRepository -Name $repository }
    Get-ChildItem $Destination -Filter 'Img2Dataset.*.nupkg'
}

function Invoke-RemoteBenchmarks {
    # The same jobs into Azurite as into a local folder: upload throughput next to the local figure, and memory on
    # 10,000 and 100,000 URLs. Azurite runs on the same two cores, so it costs the job CPU a real account would not.
    param([string] $Root, [string] $Bench, $Server, [string] $WorkFolder)
    $emulators = Join-Path $Root 'tests/StorageEmulators'
    Install-StorageEmulators -Folder $emulators
    if (-not (Test-Path (Join-Path $emulators 'node_modules/.bin/azurite-blob'))) { return }
    $azurite = Start-Azurite -Folder $emulators
    $saved = $env:AZURE_STORAGE_CONNECTION_STRING
    try {
        $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString
        New-AzuriteContainer $azurite 'bench'
        foreach ($output in 'local', 'az://bench/border') {
            Invoke-Native dotnet $Bench job --server $Server.BaseUrl --count 10000 --format webdataset --resize border --work $WorkFolder --signals on --output $output
        }
        foreach ($count in 10000, 100000) {
            foreach ($output in 'local', "az://bench/noreencode-$count") {
                Invoke-Native dotnet $Bench job --server $Server.BaseUrl --count $count --format webdataset --resize off --work $WorkFolder --signals on --output $output
            }
        }
    }
    finally {
        $env:AZURE_STORAGE_CONNECTION_STRING = $saved
        Stop-ListeningProcess $azurite
    }
}

function Install-StorageEmulators {
    # Azurite, s3rver, DuckDB and GitHub's workflow parser, pinned by the folder's package-lock.json, for the
    # remote-storage tests, the reading of written parquet and the CI definitions; without npm the tests that need
    # them are skipped, saying so.
    param([Parameter(Mandatory)][string] $Folder)
    if (-not (Get-Command npm -ErrorAction Ignore)) {
        Write-Warning 'npm is not installed: the Azure Blob, S3 and DuckDB tests will be skipped.'
        return
    }
    $packages = (Get-Content (Join-Path $Folder 'package.json') -Raw | ConvertFrom-Json).dependencies.PSObject.Properties.Name
    if ($packages | Where-Object { -not (Test-Path (Join-Path $Folder "node_modules/$_")) }) {
        Push-Location $Folder
        try { Invoke-Native npm ci --no-audit --no-fund --loglevel=error }
        finally { Pop-Location }
    }
}

function Install-HeadlessBrowser {
    # Debian's chromium, for the tests that open a dataset report as a person would and for the README's screenshot
    # of one: installed with apt-get when missing and this is a Debian machine run by root; otherwise those tests are
    # skipped, saying so.
    if (Get-HeadlessBrowser) { return }
    $apt = Get-Command apt-get -ErrorAction Ignore
    if (-not $IsLinux -or -not $apt -or (& id -u) -ne '0') {
        Write-Warning 'chromium is not installed and cannot be installed here (it needs Debian''s apt-get as root): the report''s browser tests will be skipped.'
        return
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -q --no-install-recommends chromium *>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) {
        # Package lists not fetched yet on a fresh machine.
        & apt-get update -q *>&1 | Out-Null
        & apt-get install -y -q --no-install-recommends chromium *>&1 | Out-Null
    }
    if (-not (Get-HeadlessBrowser)) {
        Write-Warning 'chromium could not be installed with apt-get: the report''s browser tests will be skipped.'
    }
}

function Get-HeadlessBrowser {
    # The headless browser's path, or nothing.
    foreach ($name in 'chromium', 'chromium-browser') {
        if ($command = Get-Command $name -CommandType Application -ErrorAction Ignore) { return @($command)[0].Source }
    }
}

function Invoke-HeadlessBrowser {
    # Opens a local HTML file in headless chromium as a person would, with every request sent to a loopback proxy that
    # refuses it (502), and returns what the page logged to its console (CSP violations included), the requests that
    # reached the proxy other than the browser's own services (updates, sign-in, time, its search engine), and
    # a screenshot (with -Screenshot) or the page's DOM once loaded (without).
    param([Parameter(Mandatory)][string] $File, [string] $Screenshot, [int] $Width = 1280, [int] $Height = 2000)
    $proxy = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $proxy.Start()
    $profileFolder = Join-Path ([IO.Path]::GetTempPath()) "img2dataset-chromium-$PID-$([Guid]::NewGuid().ToString('N'))"
    try {
        $start = [Diagnostics.ProcessStartInfo]::new((Get-HeadlessBrowser))
        $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', "--user-data-dir=$profileFolder",
            '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--disable-default-apps',
            '--no-pings', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
            "--proxy-server=http://127.0.0.1:$($proxy.LocalEndpoint.Port)", '--proxy-bypass-list=<-loopback>',
            '--enable-logging=stderr', '--v=0', "--window-size=$Width,$Height")
        $arguments += $Screenshot ? "--screenshot=$Screenshot" : '--dump-dom'

        foreach ($argument in $arguments + [Uri]::new($File).AbsoluteUri) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $browser = [Diagnostics.Process]::Start($start)
        $errors = $browser.StandardError.ReadToEndAsync()
        $dom = $browser.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        $requests = [Collections.Generic.List[string]]::new()
        while (-not $browser.HasExited -or $proxy.Pending()) {
            if ([DateTime]::UtcNow -gt $deadline) { $browser.Kill($true); throw "chromium did not finish rendering $File in 120 s" }
            if (-not $proxy.Pending()) { Start-Sleep -Milliseconds 20; continue }
            $requests.Add((Receive-ProxyRequest $proxy.AcceptTcpClient()))
        }
        $browser.WaitForExit()
        [pscustomobject]@{
            ExitCode = $browser.ExitCode
            Console  = @($errors.Result -split "`n" | Where-Object { $_ -match ':CONSOLE' })
            Requests = @($requests | Where-Object { $_ -notmatch '^\S+ (https?://)?([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|duckduckgo\.com)[:/]' })
            Dom      = $dom.Result
        }
    }
    finally {
        $proxy.Stop()
        Remove-Item $profileFolder -Recurse -Force -ErrorAction Ignore
    }
}

function Receive-ProxyRequest([Net.Sockets.TcpClient] $Client) {
    # A proxied request's first line ("GET http://host/path HTTP/1.1", "CONNECT host:443 HTTP/1.1"), refused with 502.
    try {
        $Client.ReceiveTimeout = 2000
        $stream = $Client.GetStream()
        $line = [IO.StreamReader]::new($stream).ReadLine()
        $refusal = [Text.Encoding]::ASCII.GetBytes("HTTP/1.1 502 Bad Gateway`r`nContent-Length: 0`r`nConnection: close`r`n`r`n")
        $stream.Write($refusal, 0, $refusal.Length)
        $line
    }
    catch { 'a connection that sent no request line' }
    finally { $Client.Dispose() }
}

function Start-Azurite {
    # Azurite's blob service on a free loopback port, in memory; returns its connection string and endpoint.
    param([Parameter(Mandatory)][string] $Folder)
    $port = Get-FreeTcpPort
    $start = [Diagnostics.ProcessStartInfo]::new('node')
    foreach ($argument in (Join-Path $Folder 'node_modules/azurite/dist/src/blob/main.js'), '--blobHost', '127.0.0.1', '--blobPort', "$port",
        '--inMemoryPersistence', '--skipApiVersionCheck', '--loose', '--silent') { $start.ArgumentList.Add($argument) }
    $process = Start-ListeningProcess $start $port
    $key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
    $endpoint = "http://127.0.0.1:$port/devstoreaccount1"
    [pscustomobject]@{
        Process = $process; Endpoint = $endpoint; Account = 'devstoreaccount1'; Key = $key
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$endpoint;"
    }
}

function Start-S3rver {
    # s3rver on a free loopback port with the given buckets; its credentials are S3RVER / S3RVER. It runs under a pwsh
    # that starts it again, on the same port and data, whenever it exits: s3rver dies of an unhandled stream error
    # when a DELETE empties a folder a PUT is writing into (see the four-worker test), after which every later test
    # that used it failed. Its error output and each restart go to LogFile (DATAFOLDER.log). Stop-ListeningProcess
    # stops both (it kills the process tree).
    param([Parameter(Mandatory)][string] $Folder, [Parameter(Mandatory)][string] $DataFolder, [string[]] $Bucket = @())
    $port = Get-FreeTcpPort
    $log = "$([IO.Path]::TrimEndingDirectorySeparator($DataFolder)).log"
    # s3rver makes listing continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
    $arguments = @('--openssl-legacy-provider', (Join-Path $Folder 'node_modules/s3rver/bin/s3rver.js'), '-d', $DataFolder, '-a', '127.0.0.1', '-p', "$port", '--silent') +
        @($Bucket | ForEach-Object { '--configure-bucket', $_ })
    $quoted = ($arguments | ForEach-Object { "'$($_.Replace("'", "''"))'" }) -join ' '
    $logQuoted = "'$($log.Replace("'", "''"))'"
    $supervisor = "while (`$true) { & node $quoted 2>> $logQuoted; Add-Content $logQuoted ""s3rver exited with `$LASTEXITCODE at `$([DateTime]::UtcNow.ToString('o')); started again""; Start-Sleep -Milliseconds 200 }"
    $launcher = @(Get-PwshLauncher)
    $start = [Diagnostics.ProcessStartInfo]::new($launcher[0])
    foreach ($argument in @($launcher | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $supervisor)) { $start.ArgumentList.Add($argument) }
    $process = Start-ListeningProcess $start $port
    [pscustomobject]@{ Process = $process; Endpoint = "http://127.0.0.1:$port"; AccessKey = 'S3RVER'; SecretKey = 'S3RVER'; LogFile = $log }
}

function New-AzuriteSas {
    # An account SAS for Azurite's blob service (string-to-sign of version 2021-08-06), with the given permissions,
    # valid until -Expiry (UTC; far in the future when not given).
    param([Parameter(Mandatory)] $Azurite, [string] $Permissions = 'rwdlac', [datetime] $Expiry = [datetime]::new(2099, 1, 1))
    $signedExpiry = $Expiry.ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
    $toSign = "$($Azurite.Account)`n$Permissions`nb`nsco`n`n$signedExpiry`n`nhttps,http`n2021-08-06`n`n"
    $hmac = [Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($Azurite.Key))
    $signature = [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($toSign)))
    "sv=2021-08-06&ss=b&srt=sco&sp=$Permissions&se=$signedExpiry&spr=https,http&sig=$([uri]::EscapeDataString($signature))"
}

function New-AzuriteContainer([Parameter(Mandatory)] $Azurite, [Parameter(Mandatory)][string] $Name) {
    Invoke-WebRequest -Method Put -Uri "$($Azurite.Endpoint)/$Name`?restype=container&$(New-AzuriteSas $Azurite)" | Out-Null
}

function Get-FreeTcpPort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-ListeningProcess([Diagnostics.ProcessStartInfo] $Start, [int] $Port) {
    # Starts the process and waits (20 s at most) until its port accepts connections.
    $Start.UseShellExecute = $false
    $Start.RedirectStandardOutput = $true
    $Start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($Start)
    $process.BeginOutputReadLine(); $process.BeginErrorReadLine()
    for ($i = 0; $i -lt 200; $i++) {
        if ($process.HasExited) { throw "$($Start.ArgumentList -join ' ') exited with code $($process.ExitCode) before listening on $Port" }
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $Port); return $process } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
    }
    $process.Kill($true)
    throw "$($Start.ArgumentList -join ' ') did not listen on $Port within 20 s"
}

function Stop-ListeningProcess($Server) {
    if ($Server -and -not $Server.Process.HasExited) { $Server.Process.Kill($true); $Server.Process.WaitForExit() }
}

function Start-ImageServer {
    # Starts the loopback image server; it stops by itself when its stdin (held here) closes.
    # With -Sites N it also serves N more origins with hostile site files (see tests/ImageServer/HostileSite.cs).
    param([Parameter(Mandatory)][string] $ServerPath, [string] $FixturesFolder, [int] $Sites)
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($ServerPath)
    if ($FixturesFolder) { $start.ArgumentList.Add('--fixtures'); $start.ArgumentList.Add($FixturesFolder) }
    if ($Sites) { $start.ArgumentList.Add('--sites'); $start.ArgumentList.Add("$Sites") }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^Listening on (?<url>\S+) and (?<secure>\S+)$') { $process.Kill(); throw "image server did not start: $line" }
    $server = [pscustomobject]@{ Process = $process; BaseUrl = $Matches.url.TrimEnd('/'); SecureUrl = $Matches.secure.TrimEnd('/'); Sites = @() }
    if ($Sites) { $server.Sites = @(($process.StandardOutput.ReadLine() -replace '^Sites: ', '') -split ' ' | ForEach-Object { $_.TrimEnd('/') }) }
    $server
}

function Stop-ImageServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.StandardInput.Close()
        if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill() }
    }
}

Export-ModuleMember -Function *
