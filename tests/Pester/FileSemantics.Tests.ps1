# What Windows servers do to files, as far as a Linux run can show it: datasets replaced while read, read-only
# files under -Force, a lock file that cannot be opened, paths longer than 260 characters. DESIGN.md says what only
# Windows can show.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $noNodeTools = -not (Get-StorageEmulatorsFolder)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $job = @{ SamplesPerShard = 5; ImageSize = 8; AllowPrivateNetwork = $true; OutputFormat = 'webdataset' }
    $list = Join-Path $TestDrive 'urls.txt'
    1..10 | ForEach-Object { "$base/images/8x8/$_.jpg" } | Set-Content $list
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Files other programs hold, and files marked read-only' {
    It 'overwrites a dataset whose files are all read-only (-IncrementalMode overwrite), as overwriting promises' {
        $folder = Join-Path $TestDrive 'read-only'
        Invoke-Img2Dataset $list $folder @job | Out-Null
        Get-ChildItem $folder -File -Recurse | ForEach-Object { $_.Attributes = $_.Attributes -bor [IO.FileAttributes]::ReadOnly }

        $summary = Invoke-Img2Dataset $list $folder @job -IncrementalMode overwrite -Confirm:$false

        $summary.Successes | Should -Be 10
        (Get-DatasetStatistics $folder).Shards | Should -Be 2
    }

    It 'replaces a shard a reader holds open, and the reader keeps reading the bytes it opened' {
        $folder = Join-Path $TestDrive 'held'
        Invoke-Img2Dataset $list $folder @job | Out-Null
        $tar = Join-Path $folder '00000.tar'
        $before = [IO.File]::ReadAllBytes($tar)
        $reader = [IO.FileStream]::new($tar, 'Open', 'Read', 'ReadWrite, Delete')
        try {
            (Remove-DatasetSample $folder -Url "$base/images/8x8/1.jpg").SamplesRemoved | Should -Be 1
            $held = [IO.MemoryStream]::new()
            $reader.CopyTo($held)
            $held.ToArray().Length | Should -Be $before.Length
        }
        finally { $reader.Dispose() }
        ([IO.File]::ReadAllBytes($tar)).Length | Should -BeLessThan $before.Length
    }

    It 'gives its own error, naming the lock file and the cause, when the lock cannot be opened' {
        $folder = Join-Path $TestDrive 'denied'
        # A folder where the lock file should be: opening it is "access denied" on every system, even for root.
        New-Item -ItemType Directory -Force (Join-Path $folder '.img2dataset/lock') | Out-Null

        $thrown = { Invoke-Img2Dataset $list $folder @job } | Should -Throw -ErrorId 'OutputFolderInUse,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand' -PassThru

        $thrown.Exception.Message | Should -BeLike "*cannot be locked for this job: its lock file $([IO.Path]::Combine('.img2dataset', 'lock')) cannot be opened (Access to the path*denied*"
    }
}

Describe 'Long paths' {
    It 'writes and reads a dataset whose path is over 260 characters, from a list whose path is too' {
        $deep = $TestDrive
        foreach ($i in 1..6) { $deep = Join-Path $deep ('a-folder-name-of-fifty-characters-to-go-deep-' + $i) }
        New-Item -ItemType Directory -Force $deep | Out-Null
        $longList = Join-Path $deep 'urls.txt'
        Copy-Item $list $longList
        $folder = Join-Path $deep 'dataset'

        $summary = Invoke-Img2Dataset $longList $folder @job

        $folder.Length | Should -BeGreaterThan 260
        $summary.Successes | Should -Be 10
        @(Get-DatasetSample $folder).Count | Should -Be 10
    }
}

Describe 'The repository' {
    It 'has a GitHub Actions CI that runs the README''s test command on Windows, Linux and macOS, valid by GitHub''s own schema' -Skip:$noNodeTools {
        $root = Split-Path (Split-Path $PSScriptRoot)
        $ci = Join-Path $root '.github/workflows/ci.yml'
        $broken = Join-Path $TestDrive 'broken.yml'
        "name: x`non: push`njobs:`n  a:`n    runs-on: ubuntu-latest`n    steps:`n      - run: echo`n        shell-out: bash`n" | Set-Content $broken

        $checked = Test-GitHubWorkflow $ci, (Join-Path $root 'examples/github-actions.yml'), $broken

        $checked[0].errors | Should -BeNullOrEmpty
        $checked[0].jobs | Should -Be 'test'
        $checked[1].errors | Should -BeNullOrEmpty
        $checked[2].errors | Should -Match 'Unexpected value ''shell-out'''
        $text = Get-Content $ci -Raw
        $text | Should -Match 'os: \[windows-latest, ubuntu-latest, macos-latest\]'
        $readmeTest = [regex]::Match((Get-Content (Join-Path $root 'README.md') -Raw), '\| all tests \| `([^`]+)` \|').Groups[1].Value
        $readmeTest | Should -Not -BeNullOrEmpty
        $text | Should -Match ('run: ' + [regex]::Escape($readmeTest))
        (Get-Content (Join-Path $root '.ci/run') -Raw) | Should -Match ([regex]::Escape($readmeTest))
    }

    It 'says in one line which runtime its set-up needs, and where to get it, on a machine without it' -Skip:$IsWindows {
        $root = Split-Path (Split-Path $PSScriptRoot)
        $onlyEight = Join-Path $TestDrive 'dotnet'
        Set-Content $onlyEight "#!/bin/sh`necho 'Microsoft.NETCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.NETCore.App]'"
        chmod +x $onlyEight
        $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in (Get-ChildItem (Join-Path $root 'tools/Start/bin') -Recurse -Filter Start.dll | Select-Object -First 1).FullName, '-Task', 'Test') { $start.ArgumentList.Add($argument) }
        $start.Environment['DOTNET_HOST_PATH'] = $onlyEight
        $start.RedirectStandardError = $true
        $start.RedirectStandardOutput = $true

        $process = [Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEnd()
        $process.WaitForExit()

        $process.ExitCode | Should -Be 1
        @($errors.Trim() -split '\r?\n').Count | Should -Be 1
        $errors | Should -Match 'needs the \.NET 10 runtime \(Microsoft\.NETCore\.App 10\.x; found: 8\.0\.11\): install .* https://dotnet\.microsoft\.com/download/dotnet/10\.0'
    }

    It 'keeps LF in shell scripts and the CI entry point on every checkout, and its fixtures byte for byte' -Skip:(-not (Get-Command git -ErrorAction Ignore)) {
        $root = Split-Path (Split-Path $PSScriptRoot)
        $attributes = git -C $root check-attr eol text binary -- .ci/run tests/fixtures/reference/README.md tests/fixtures/cmyk/red-blue-cmyk.jpg

        $attributes | Should -Contain '.ci/run: eol: lf'
        $attributes | Should -Contain 'tests/fixtures/reference/README.md: text: unset'
        $attributes | Should -Contain 'tests/fixtures/cmyk/red-blue-cmyk.jpg: binary: set'
    }
}
