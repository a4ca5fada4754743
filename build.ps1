<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Img2Dataset module.
.DESCRIPTION
    Build  publishes a ready-to-import module to out/Img2Dataset (manifest, cmdlet assembly, format file, help,
           and the engine with its dependencies under Dependencies/, loaded into a private AssemblyLoadContext).
    Test   builds, runs the xunit engine tests and the Pester module tests, prints "N passed, N failed" over both and
           exits non-zero on any failure.
    Demo   builds, starts the loopback image server and runs the pipeline over examples/demo-urls.csv into ./demo-dataset,
           with its HTML report (demo-dataset/report.html).
    Docs   runs the demo, then renders its report in headless chromium as README's screenshot (docs/images/dataset-report.png).
    Bench  builds and measures throughput and peak memory (see tests/Img2Dataset.Bench).
    Package builds and writes out/package/Img2Dataset.VERSION.nupkg, which Install-PSResource and Save-PSResource take
           from a repository holding it (a folder registered with Register-PSResourceRepository, or a gallery).
    Clean  removes every build output.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'Img2Dataset'
Import-Module (Join-Path $root 'tools/BuildTools.psm1') -Force

function Invoke-Build {
    Invoke-Native dotnet build (Join-Path $root 'Img2Dataset.sln') -c $Configuration --nologo '-clp:ErrorsOnly'
    Remove-Item $moduleOut -Recurse -Force -ErrorAction Ignore
    $dependencies = Join-Path $moduleOut 'Dependencies'
    Invoke-Native dotnet publish (Join-Path $root 'src/Img2Dataset.Engine') -c $Configuration -o $dependencies --no-build --nologo '-clp:ErrorsOnly'
    Invoke-CompileOnce -Root $root -Configuration $Configuration -Assembly (Join-Path $dependencies 'SixLabors.ImageSharp.dll')
    Remove-UnshippedNativeAsset -Dependencies $dependencies
    $cmdletBin = Join-Path $root "src/Img2Dataset.PowerShell/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $cmdletBin 'Img2Dataset.PowerShell.dll'), (Join-Path $cmdletBin 'Img2Dataset.PowerShell.pdb') $moduleOut
    Copy-Item (Join-Path $root 'Img2Dataset.psd1'), (Join-Path $root 'src/Img2Dataset.PowerShell/Img2Dataset.format.ps1xml'),
        (Join-Path $root 'LICENSE'), (Join-Path $root 'THIRD-PARTY-NOTICES.md') $moduleOut
    Invoke-ChildPwsh (Join-Path $root 'tools/New-ModuleHelp.ps1') -ModulePath $moduleOut -HelpSource (Join-Path $root 'docs/help')
    Copy-Item (Join-Path $root 'docs/help/about_Img2Dataset.help.txt') (Join-Path $moduleOut 'en-US')
    Write-Host "Module ready: $moduleOut"
}

function Invoke-Test {
    Invoke-Build
    Install-StorageEmulators -Folder (Join-Path $root 'tests/StorageEmulators')
    Install-HeadlessBrowser
    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    $engine = Invoke-XunitTests -Project (Join-Path $root 'tests/Img2Dataset.Engine.Tests') -Configuration $Configuration -ResultsDirectory $results
    $pester = Invoke-PesterTests -Root $root -ModulePath $moduleOut -Configuration $Configuration -ResultsDirectory $results
    $passed = $engine.Passed + $pester.Passed
    $failed = $engine.Failed + $pester.Failed
    foreach ($failure in @($engine.Failures) + @($pester.Failures)) { Write-Host "FAILED $failure" }
    Write-Host "xunit: $($engine.Passed) passed, $($engine.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0 -or -not $engine.Completed -or -not $pester.Completed) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-ChildPwsh (Join-Path $root 'examples/Invoke-Demo.ps1') -ModulePath $moduleOut `
        -ServerPath (Get-ImageServerPath -Root $root -Configuration $Configuration) -OutputFolder (Join-Path $root 'demo-dataset')
}

function Invoke-Docs {
    Invoke-Demo
    Install-HeadlessBrowser
    if (-not (Get-HeadlessBrowser)) { throw 'The report''s screenshot needs chromium (installed by this task on Debian as root).' }
    $screenshot = Join-Path $root 'docs/images/dataset-report.png'
    New-Item -ItemType Directory -Force (Split-Path $screenshot) | Out-Null
    $shown = Invoke-HeadlessBrowser -File (Join-Path $root 'demo-dataset/report.html') -Screenshot $screenshot -Width 1200 -Height 2600
    if ($shown.Console -or $shown.Requests) { throw "The demo's report logged errors or made requests: $($shown.Console) $($shown.Requests)" }
    Write-Host "Screenshot written: $screenshot"
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Benchmarks -Root $root -Configuration $Configuration -WorkFolder (Join-Path $out 'bench')
}

function Invoke-Package {
    Invoke-Build
    $package = New-ModulePackage -ModulePath $moduleOut -Destination (Join-Path $out 'package')
    Write-Host "Package ready: $($package.FullName)"
}

function Invoke-Clean {
    Remove-Item $out, (Join-Path $root 'demo-dataset') -Recurse -Force -ErrorAction Ignore
    Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
}

& "Invoke-$Task"
