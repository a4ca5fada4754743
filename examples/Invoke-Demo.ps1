<#
.SYNOPSIS
    The demo job: serves examples/demo-urls.csv's images from the loopback image server and runs the module's
    pipeline over them (Import-UrlList | Invoke-ImageDownload | Resize-DatasetImage), writing the run summary into
    the output folder.
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

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $images = @(Import-UrlList $list -CaptionColumn caption -SamplesPerShard 100 |
        Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 32 -Timeout 5 |
        Resize-DatasetImage -ImageSize 256 -ResizeMode border)
    $clock.Stop()

    # The loopback server is private by nature: -AllowPrivateNetwork lifts the guard real crawls keep on.
    $images | Sort-Object Key | Select-Object -First 8 | Format-Table | Out-Host
    $summary = $images | Group-Object Status, ErrorMessage | Sort-Object Count -Descending | ForEach-Object {
        [pscustomobject]@{ Count = $_.Count; Status = $_.Group[0].Status; Message = $_.Group[0].ErrorMessage }
    }
    $summary | Format-Table -AutoSize | Out-Host
    $refused = @($images | Where-Object { $_.Download.OptOut -and -not $_.Download.OptOut.Allowed })
    $refused | Group-Object { $_.Download.OptOut.ToString() } | Select-Object Count, Name | Format-Table -AutoSize | Out-Host

    $report = [ordered]@{
        count              = $images.Count
        successes          = @($images | Where-Object Succeeded).Count
        failed_to_download = @($images | Where-Object Status -eq 'failed_to_download').Count
        failed_to_resize   = @($images | Where-Object Status -eq 'failed_to_resize').Count
        refused_by_opt_out = $refused.Count
        bytes              = ($images | Measure-Object Length -Sum).Sum
        seconds            = [math]::Round($clock.Elapsed.TotalSeconds, 2)
        status_dict        = [ordered]@{}
    }
    foreach ($row in $summary) { $report.status_dict[$(if ($row.Message) { $row.Message } else { 'success' })] = $row.Count }
    $report | ConvertTo-Json | Set-Content (Join-Path $OutputFolder 'run-summary.json')
    Write-Host ("{0} of {1} images downloaded and resized to 256x256 ({2:N1} MB of JPEG) in {3} s; {4} refused by creators' opt-outs, {5} failed to resize. Summary: {6}" -f `
        $report.successes, $report.count, ($report.bytes / 1MB), $report.seconds, $report.refused_by_opt_out, $report.failed_to_resize, (Join-Path $OutputFolder 'run-summary.json'))
}
finally {
    Stop-ImageServer $server
}
