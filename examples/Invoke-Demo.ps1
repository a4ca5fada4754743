<#
.SYNOPSIS
    The demo job: serves examples/demo-urls.csv's images from the loopback image server and runs the module's
    pipeline over them into the output folder, then prints the run summary.
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
    $list = Join-Path $OutputFolder 'demo-urls.csv'
    (Get-Content (Join-Path $PSScriptRoot 'demo-urls.csv') -Raw).Replace('{server}', $server.BaseUrl) | Set-Content $list -NoNewline
    Write-Host "Image server: $($server.BaseUrl)"

    $rows = @(Import-UrlList $list -CaptionColumn caption -SamplesPerShard 100)
    $rows | Select-Object -First 5 | Format-Table | Out-Host
    $rows | Group-Object ShardId | ForEach-Object {
        [pscustomobject]@{ Shard = $_.Name; Rows = $_.Count; FirstKey = $_.Group[0].Key; LastKey = $_.Group[-1].Key }
    } | Format-Table | Out-Host
    Write-Host "Read $($rows.Count) rows in $(@($rows.ShardId | Sort-Object -Unique).Count) shards from $list"
}
finally {
    Stop-ImageServer $server
}
