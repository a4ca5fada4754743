<#
.SYNOPSIS
    The demo job: serves examples/demo-urls.csv's images from the loopback image server and runs the module's
    pipeline over them (Import-UrlList | Invoke-ImageDownload | Resize-DatasetImage | Export-WebDataset) into the
    output folder, then prints the run summary.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $ServerPath,
    [Parameter(Mandatory)][string] $OutputFolder
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tools/BuildTools.psm1')
Import-Module $ModulePath

$server = Start-ImageServer -ServerPath $ServerPath
try {
    Remove-Item $OutputFolder -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $OutputFolder | Out-Null
    # The bundled list names the server as {server}: its port is only known once it runs.
    $list = Join-Path ([IO.Path]::GetTempPath()) "img2dataset-demo-urls-$PID.csv"
    (Get-Content (Join-Path $PSScriptRoot 'demo-urls.csv') -Raw).Replace('{server}', $server.BaseUrl) | Set-Content $list -NoNewline
    Write-Host "Image server: $($server.BaseUrl)"

    $clock = [Diagnostics.Stopwatch]::StartNew()
    # The loopback server is private by nature: -AllowPrivateNetwork lifts the guard real crawls keep on.
    $shards = @(Import-UrlList $list -CaptionColumn caption -SamplesPerShard 100 |
        Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 32 -Timeout 5 |
        Resize-DatasetImage -ImageSize 256 -ResizeMode border |
        Tee-Object -Variable samples |
        Export-WebDataset $OutputFolder)
    $clock.Stop()

    $shards | Format-Table | Out-Host
    $samples | Sort-Object Key | Select-Object -First 5 | Format-Table | Out-Host
    $samples | Group-Object Status, ErrorMessage | Sort-Object Count -Descending | ForEach-Object {
        [pscustomobject]@{ Count = $_.Count; Status = $_.Group[0].Status; Message = $_.Group[0].ErrorMessage }
    } | Format-Table -AutoSize | Out-Host
    $refused = @($samples | Where-Object { $_.Download.OptOut -and -not $_.Download.OptOut.Allowed })
    $refused | Group-Object { $_.Download.OptOut.ToString() } | Select-Object Count, Name | Format-Table -AutoSize | Out-Host

    $statistics = Get-DatasetStatistics $OutputFolder
    $line = ("{0} of {1} images downloaded, resized to 256x256 and written as {2} WebDataset shards in {3:N1} s; " +
        "{4} refused by creators' opt-outs, {5} failed to download, {6} failed to resize. Dataset: {7}") -f
        $statistics.Successes, $statistics.Count, $statistics.Shards, $clock.Elapsed.TotalSeconds, $refused.Count,
        $statistics.FailedToDownload, $statistics.FailedToResize, $OutputFolder
    Write-Host $line
}
finally {
    Remove-Item $list -ErrorAction Ignore
    Stop-ImageServer $server
}
