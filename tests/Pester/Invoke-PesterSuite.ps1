<#
.SYNOPSIS
    Runs every *.Tests.ps1 beside this file with the Pester 5.7.1 that NuGet restored, and writes the counts as JSON.
#>
param(
    [Parameter(Mandatory)][string] $PackageFolder,
    [Parameter(Mandatory)][string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PackageFolder 'pester/5.7.1/tools/Pester.psd1') -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = [IO.Path]::ChangeExtension($ResultPath, '.xml')
$result = Invoke-Pester -Configuration $configuration

# A block or file that fails outside any test counts as a failure too.
$failures = @($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers) |
    ForEach-Object { "$($_.ExpandedPath ?? $_.Item): $(@($_.ErrorRecord)[0].Exception.Message)" }
[ordered]@{
    Passed   = $result.PassedCount
    Failed   = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Failures = @($failures)
} | ConvertTo-Json | Set-Content $ResultPath
