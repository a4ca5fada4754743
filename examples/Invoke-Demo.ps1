<#
.SYNOPSIS
    The demo job: serves examples/demo-urls.csv's images from the loopback image server, already drawn, and runs
    Invoke-Img2Dataset over them into the output folder as WebDataset shards with its HTML report, printing the run summary.
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
# The bundled list names the server as {server}: its port is only known once it runs.
$list = Join-Path ([IO.Path]::GetTempPath()) "img2dataset-demo-urls-$PID.csv"
try {
    (Get-Content (Join-Path $PSScriptRoot 'demo-urls.csv') -Raw).Replace('{server}', $server.BaseUrl) | Set-Content $list -NoNewline
    Write-Host "Image server: $($server.BaseUrl)"
    # The server draws each image on its first request; draw them all first, so the job shows the module's own speed.
    Write-Host 'Preparing the server''s images...'
    Import-Csv $list | Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 32 -Timeout 30 -ComputeHash none `
        -DisallowedHeaderDirectives @() -IgnoreTdmReservation | Out-Null

    # The loopback server is private by nature: -AllowPrivateNetwork lifts the guard real crawls keep on.
    $summary = Invoke-Img2Dataset -UrlList $list -OutputFolder $OutputFolder -OutputFormat webdataset -IncrementalMode overwrite -Confirm:$false `
        -CaptionColumn caption -SamplesPerShard 100 -ImageSize 256 -ResizeMode border -ThreadCount 32 -Timeout 5 `
        -AllowPrivateNetwork -Report -InformationAction Continue
    $summary | Format-List | Out-Host
    Get-DatasetSample $OutputFolder | Select-Object -First 5 | Format-Table | Out-Host
    Write-Host "Dataset written to $OutputFolder; its report: $($summary.ReportPath)"
}
finally {
    Remove-Item $list -ErrorAction Ignore
    Stop-ImageServer $server
}
