BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $cmdletNames = @((Import-Module (Get-TestModulePath) -PassThru -Force).ExportedCmdlets.Keys)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
}

Describe 'The Img2Dataset module' {
    It 'imports in a fresh pwsh and exports exactly the cmdlets its manifest lists' {
        $result = Invoke-FreshPwsh @"
`$module = Import-Module '$modulePath' -PassThru
`$manifest = Import-PowerShellDataFile (Join-Path '$modulePath' 'Img2Dataset.psd1')
@{
    Exported = @(Get-Command -Module Img2Dataset | ForEach-Object Name | Sort-Object)
    Listed   = @(`$manifest.CmdletsToExport | Sort-Object)
    Version  = `$module.Version.ToString()
} | ConvertTo-Json
"@
        $result.Exported | Should -Not -BeNullOrEmpty
        $result.Exported | Should -Be $result.Listed
        $result.Version | Should -Be '0.1.0'
    }

    It 'declares PowerShell 7.4 Core, formats, tags and links in its manifest' {
        $manifest = Test-ModuleManifest (Join-Path $modulePath 'Img2Dataset.psd1')
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.ExportedFormatFiles | Should -Not -BeNullOrEmpty
        $manifest.Tags | Should -Contain 'img2dataset'
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'keeps the engine and its third-party assemblies out of the module root' {
        Test-Path (Join-Path $modulePath 'Img2Dataset.Engine.dll') | Should -BeFalse
        Test-Path (Join-Path $modulePath 'Dependencies/Img2Dataset.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $modulePath 'Dependencies/CsvHelper.dll') | Should -BeTrue
        Test-Path (Join-Path $modulePath 'Dependencies/SixLabors.ImageSharp.dll') | Should -BeTrue
    }
}

Describe 'Help' {
    BeforeAll {
        Import-Module $modulePath -Force
    }

    It '<_> has a synopsis, a description, help for every parameter and an example' -ForEach $cmdletNames {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file PowerShell makes the synopsis up from the syntax.
        $help.Synopsis | Should -Not -Match "^\s*$_\s+\["
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($parameter.name) needs help"
        }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 1
        (Get-Help $_ -Examples | Out-String) | Should -Match 'Example 1'
    }
}

Describe 'The demo, README''s main job' {
    It 'writes three WebDataset shards of the bundled 300 URLs and their report' {
        $out = Join-Path $TestDrive 'demo-dataset'
        $demo = Join-Path $PSScriptRoot '../../examples/Invoke-Demo.ps1'
        $run = Invoke-PwshProcess "& '$demo' -ModulePath '$(Get-TestModulePath)' -ServerPath '$(Get-TestImageServerPath)' -OutputFolder '$out'"

        $run.ExitCode | Should -Be 0 -Because $run.Errors
        (Get-ChildItem $out -Filter '*_stats.json').Count | Should -Be 3
        $report = [xml](Get-Content (Join-Path $out 'report.html') -Raw)
        $report.SelectSingleNode("//*[@id='rows']").'data-value' | Should -Be 300
        $run.Output | Should -Match ([regex]::Escape("its report: $(Join-Path $out 'report.html')"))
    }
}

Describe 'Dependency isolation' {
    It 'works in a session where another module already loaded a different CsvHelper' {
        $oldCsvHelper = Join-Path (Get-RestoredPackage 'CsvHelper' '30.0.1') 'lib/net6.0/CsvHelper.dll'
        $list = Join-Path $TestDrive 'isolation.csv'
        Set-Content $list "url,caption`nhttp://a/1.jpg,first`nhttp://a/2.jpg,second"
        $result = Invoke-FreshPwsh @"
Add-Type -Path '$oldCsvHelper'
Import-Module '$modulePath'
`$rows = @(Import-UrlList '$list' -CaptionColumn caption)
`$private = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'Img2Dataset.Engine'
@{
    Captions       = @(`$rows.Caption)
    SessionVersion = [CsvHelper.CsvParser].Assembly.GetName().Version.Major
    EngineVersion  = @(`$private.Assemblies | Where-Object { `$_.GetName().Name -eq 'CsvHelper' })[0].GetName().Version.Major
} | ConvertTo-Json
"@
        $result.Captions | Should -Be @('first', 'second')
        $result.SessionVersion | Should -Be 30
        $result.EngineVersion | Should -Be 33
    }
}

Describe 'The package' {
    It 'is a .nupkg that Publish-PSResource writes and Save-PSResource takes from a folder repository, licence and notices inside' {
        $feed = Join-Path $TestDrive 'feed'
        $package = New-ModulePackage -ModulePath (Get-TestModulePath) -Destination $feed
        $repository = "Img2DatasetTest$PID"
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        try {
            $found = Find-PSResource -Name Img2Dataset -Repository $repository
            $savedRoot = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'saved')
            Save-PSResource -Name Img2Dataset -Repository $repository -Path $savedRoot -TrustRepository
        }
        finally { Unregister-PSResourceRepository -Name $repository }

        $package.Name | Should -Be 'Img2Dataset.0.1.0.nupkg'
        $found.Tags | Should -Contain 'PSEdition_Core'
        $found.Tags | Should -Contain 'Linux'
        $found.ReleaseNotes | Should -Not -BeNullOrEmpty
        $saved = Join-Path $TestDrive 'saved/Img2Dataset/0.1.0'
        Test-Path (Join-Path $saved 'LICENSE') | Should -BeTrue
        Test-Path (Join-Path $saved 'THIRD-PARTY-NOTICES.md') | Should -BeTrue
        $verdict = Invoke-FreshPwsh "Import-Module '$saved/Img2Dataset.psd1'; Test-RobotsDirective -Header 'X-Robots-Tag: noai' | Select-Object Allowed | ConvertTo-Json"
        $verdict.Allowed | Should -BeFalse
    }
}

Describe 'Help and names' {
    It 'shows default values, and switches without a value, as PowerShell''s own help does' {
        $result = Invoke-FreshPwsh @"
Import-Module '$modulePath'
`$threads = Get-Help Invoke-Img2Dataset -Parameter ThrottleLimit
`$exif = Get-Help Invoke-Img2Dataset -Parameter ExtractExif
`$syntax = (Get-Help Invoke-Img2Dataset).syntax | Out-String -Width 4000
@{ Threads = `$threads.defaultValue; Exif = `$exif.defaultValue; Syntax = `$syntax } | ConvertTo-Json
"@
        $result.Threads | Should -Be '64'
        $result.Exif | Should -Be 'True'
        $result.Syntax | Should -Match '\[-AllowPrivateNetwork\]'
        $result.Syntax | Should -Not -Match 'SwitchParameter|Nullable'
    }

    It 'gives every cmdlet a HelpUri and the module an about_Img2Dataset topic' {
        $result = Invoke-FreshPwsh @"
Import-Module '$modulePath'
@{ Missing = @(Get-Command -Module Img2Dataset | Where-Object { -not `$_.HelpUri } | ForEach-Object Name)
   About = (Get-Help about_Img2Dataset | Out-String) } | ConvertTo-Json
"@
        $result.Missing | Should -BeNullOrEmpty
        $result.About | Should -Match 'THE OPT-OUT SIGNALS'
    }

    It 'uses the names Invoke-WebRequest and ForEach-Object use, answering to today''s and the reference''s' {
        $parameters = (Get-Command Invoke-Img2Dataset).Parameters
        $parameters['ThrottleLimit'].Aliases | Should -Be @('ThreadCount', 'thread_count')
        $parameters['SkipCertificateCheck'].Aliases | Should -Be @('IgnoreSslCertificate', 'ignore_ssl_certificate')
        $parameters['MaximumRetryCount'].Aliases | Should -Be @('Retries')
        (Get-Command Invoke-ImageDownload).Parameters['ThrottleLimit'].Aliases | Should -Contain 'ThreadCount'
        (Get-Command Test-RobotsDirective).Parameters['ThrottleLimit'].Aliases | Should -Contain 'ThreadCount'
    }

    It 'names its record types for scripts and Should -BeOfType' {
        $list = Join-Path $TestDrive 'typed.txt'
        Set-Content $list 'http://127.0.0.1/a.jpg'

        Import-UrlList $list | Should -BeOfType ([Img2Dataset.UrlRow])
        Test-RobotsDirective -Header 'X-Robots-Tag: noai' | Should -BeOfType ([Img2Dataset.OptOutVerdict])
    }
}
