# Shared set-up for the Pester suites: where the built module, the image server and restored packages are.
Set-StrictMode -Version Latest
$repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $repositoryRoot 'tools/BuildTools.psm1')

function Get-TestModulePath {
    if ($env:IMG2DATASET_MODULE) { $env:IMG2DATASET_MODULE } else { Join-Path $repositoryRoot 'out/Img2Dataset' }
}

function Get-ReferenceFixture([string] $RelativePath) {
    Join-Path $repositoryRoot "tests/fixtures/reference/$RelativePath"
}

function Get-RestoredPackage([string] $Id, [string] $Version) {
    if (-not $env:IMG2DATASET_PACKAGES) { throw 'IMG2DATASET_PACKAGES is not set: run the tests through build.ps1 -Task Test.' }
    Join-Path $env:IMG2DATASET_PACKAGES "$($Id.ToLowerInvariant())/$Version"
}

function Get-TestImageServerPath {
    if ($env:IMG2DATASET_SERVER) { $env:IMG2DATASET_SERVER } else { Get-ImageServerPath -Root $repositoryRoot -Configuration Release }
}

function Invoke-FreshPwsh {
    # Runs a script block's text in a new pwsh and returns its output converted from JSON.
    param([Parameter(Mandatory)][string] $Script)
    $launcher = Get-PwshLauncher
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $output = & $launcher[0] @($launcher | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
    if ($LASTEXITCODE -ne 0) { throw "fresh pwsh failed ($LASTEXITCODE): $output" }
    ($output | Out-String) | ConvertFrom-Json
}

function New-PwshStartInfo {
    # A new pwsh like the one running the tests (no profile, non-interactive), with these arguments after its own. On
    # Linux it starts with SIGINT at its default action even when the tests run with it ignored (a shell's background
    # job ignores it, and children inherit that), so the tests that stop a job with SIGINT test the job, not the shell.
    param([Parameter(Mandatory)][string[]] $Arguments)
    $launcher = @(Get-PwshLauncher)
    if ($IsLinux) { $launcher = @('env', '--default-signal=INT') + $launcher }
    $start = [Diagnostics.ProcessStartInfo]::new($launcher[0])
    foreach ($argument in @($launcher | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $Arguments) { $start.ArgumentList.Add($argument) }
    $start
}

function Invoke-PwshProcess {
    # Runs a script (-Command's text, or with -File a script file) in a new pwsh with these changes to its environment
    # (a $null value removes the variable) and returns its exit code, standard output and standard error (read at
    # once, so neither can fill and block it).
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{}, [switch] $File)
    $start = New-PwshStartInfo ($File ? '-File' : '-Command'), $Script
    foreach ($entry in $Environment.GetEnumerator()) {
        if ($null -eq $entry.Value) { $start.Environment.Remove($entry.Key) | Out-Null } else { $start.Environment[$entry.Key] = $entry.Value }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output; Errors = $errors.Result }
}

function Get-TransformCompileOrder([Parameter(Mandatory)][string] $Script) {
    # Runs the script in a fresh pwsh under DOTNET_JitDisasmSummary=1, whose standard output is the runtime's list of
    # the methods it compiles, in order; returns where the first download comes in it and where the last of the JPEG
    # decode, Rgb24 shrink (AreaResizer), enlarge (Lanczos4Resizer) and JPEG encode loops does.
    $run = Invoke-PwshProcess $Script @{ DOTNET_JitDisasmSummary = '1' }
    if ($run.ExitCode -ne 0) { throw "pwsh exited with $($run.ExitCode): $($run.Errors)" }
    $compiled = $run.Output -split "`n"
    function Get-FirstCompiled([string] $Pattern) {
        for ($i = 0; $i -lt $compiled.Count; $i++) { if ($compiled[$i] -match "JIT compiled $Pattern") { return $i } }
        throw "never compiled: $Pattern"
    }
    $transform = @(
        Get-FirstCompiled 'SixLabors\.ImageSharp\.Formats\.Jpeg\.Components\.Decoder\.HuffmanScanDecoder:DecodeBlockBaseline'
        Get-FirstCompiled 'Img2Dataset\.Engine\.Imaging\.AreaResizer:SumColorColumns'
        Get-FirstCompiled 'Img2Dataset\.Engine\.Imaging\.Lanczos4Resizer:WeighAlongX'
        Get-FirstCompiled 'SixLabors\.ImageSharp\.Formats\.Jpeg\.Components\.Encoder\.HuffmanScanEncoder:WriteBlock'
    )
    [pscustomobject]@{
        FirstDownload = Get-FirstCompiled 'Img2Dataset\.Engine\.Fetch\.ImageFetcher:FetchAsync'
        LastTransformLoop = ($transform | Measure-Object -Maximum).Maximum
    }
}

function New-GzipFile([string] $Path, [string] $Text) {
    $file = [IO.File]::Create($Path)
    try {
        $gzip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Fastest)
        $bytes = [Text.Encoding]::UTF8.GetBytes($Text)
        $gzip.Write($bytes, 0, $bytes.Length)
        $gzip.Dispose()
    }
    finally { $file.Dispose() }
}


function Get-StorageEmulatorsFolder {
    # Where build.ps1 installed Azurite and s3rver; null when they are not installed (npm absent).
    $folder = Join-Path $repositoryRoot 'tests/StorageEmulators'
    if (Test-Path (Join-Path $folder 'node_modules/.bin/azurite-blob')) { $folder }
}

function Invoke-DuckDb([Parameter(Mandatory)][string] $Sql) {
    # The rows of one SQL statement run by DuckDB (installed beside the storage emulators), as objects.
    $script = Join-Path (Get-StorageEmulatorsFolder) 'query-duckdb.mjs'
    $json = & node $script $Sql
    if ($LASTEXITCODE -ne 0) { throw "DuckDB failed ($LASTEXITCODE) on: $Sql" }
    $json | ConvertFrom-Json
}

function Test-GitHubWorkflow([Parameter(Mandatory)][string[]] $Path) {
    # Each workflow file checked by GitHub's own parser and schema: its errors and the jobs it defines.
    $script = Join-Path (Get-StorageEmulatorsFolder) 'validate-workflows.mjs'
    $lines = & node $script @Path
    if ($LASTEXITCODE -ne 0) { throw "the workflow parser failed ($LASTEXITCODE) on $Path" }
    $lines | ConvertFrom-Json
}

function Start-StorageEmulators {
    # Azurite and s3rver started, one container/bucket made in each, and the environment pointed at them (what it held
    # is kept in the result's Saved, for Stop-StorageEmulators to put back).
    param([Parameter(Mandatory)][string] $DataFolder, [Parameter(Mandatory)][string] $Name)
    $folder = Get-StorageEmulatorsFolder
    $azurite = Start-Azurite -Folder $folder
    New-Item -ItemType Directory -Force $DataFolder | Out-Null
    $s3 = Start-S3rver -Folder $folder -DataFolder $DataFolder -Bucket $Name
    $saved = @{}
    foreach ($variable in 'AZURE_STORAGE_CONNECTION_STRING', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_ENDPOINT_URL_S3') {
        $saved[$variable] = [Environment]::GetEnvironmentVariable($variable)
    }
    $env:AZURE_STORAGE_CONNECTION_STRING = $azurite.ConnectionString
    $env:AWS_ACCESS_KEY_ID = $s3.AccessKey; $env:AWS_SECRET_ACCESS_KEY = $s3.SecretKey; $env:AWS_REGION = 'us-east-1'
    $env:AWS_ENDPOINT_URL_S3 = $s3.Endpoint
    New-AzuriteContainer $azurite $Name
    [pscustomobject]@{ Azurite = $azurite; S3 = $s3; Saved = $saved }
}

function Stop-StorageEmulators($Emulators) {
    foreach ($variable in $Emulators.Saved.Keys) { [Environment]::SetEnvironmentVariable($variable, $Emulators.Saved[$variable]) }
    Stop-ListeningProcess $Emulators.Azurite
    Stop-ListeningProcess $Emulators.S3
    # s3rver is started again when it dies (Start-S3rver): say so, and keep its log with the test results.
    $restarts = @(Get-Content $Emulators.S3.LogFile -ErrorAction Ignore | Where-Object { $_ -like 's3rver exited*' })
    if ($restarts.Count -gt 0) {
        $kept = Join-Path ($env:IMG2DATASET_TEST_RESULTS ?? [IO.Path]::GetTempPath()) "s3rver-$([Guid]::NewGuid().ToString('N')).log"
        Copy-Item $Emulators.S3.LogFile $kept
        Write-Warning "s3rver died and was started again $($restarts.Count) time(s); its log: $kept"
    }
}

function Send-AzuriteBlob([Parameter(Mandatory)] $Azurite, [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $File) {
    Invoke-WebRequest -Method Put -Uri "$($Azurite.Endpoint)/$Name`?$(New-AzuriteSas $Azurite)" -InFile $File -Headers @{ 'x-ms-blob-type' = 'BlockBlob' } | Out-Null
}

Export-ModuleMember -Function *
