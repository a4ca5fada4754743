BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath) -FixturesFolder (Get-ReferenceFixture '.')
    $base = $server.BaseUrl
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Invoke-ImageDownload' {
    It 'downloads URL strings and hashes the bytes' {
        $image = Invoke-ImageDownload "$base/images/64x48/1.jpg" -AllowPrivateNetwork

        $image.GetType().FullName | Should -Be 'Img2Dataset.Engine.Fetch.DownloadedImage'
        $image.Status | Should -Be 'success'
        $image.Length | Should -BeGreaterThan 1000
        $image.Hash | Should -Be ([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($image.Bytes)).ToLowerInvariant())
        $image.Key | Should -Be '000000000'
    }

    It 'reports <Message> for <Query>' -ForEach @(
        @{ Query = 'images/8x8/1.jpg?status=404'; Message = 'HTTP Error 404: Not Found' }
        @{ Query = 'images/8x8/1.jpg?status=500'; Message = 'HTTP Error 500: Internal Server Error' }
        @{ Query = 'images/8x8/1.jpg?header=X-Robots-Tag:noai'; Message = 'Use of image disallowed by X-Robots-Tag directive' }
        @{ Query = 'images/8x8/1.jpg?header=X-Robots-Tag:noimageai'; Message = 'Use of image disallowed by X-Robots-Tag directive' }
        @{ Query = 'images/8x8/1.jpg?header=X-Robots-Tag:noindex'; Message = 'Use of image disallowed by X-Robots-Tag directive' }
        @{ Query = 'images/8x8/1.jpg?header=X-Robots-Tag:noimageindex'; Message = 'Use of image disallowed by X-Robots-Tag directive' }
        @{ Query = 'images/8x8/1.jpg?header=tdm-reservation:1'; Message = 'Use of image reserved by tdm-reservation header (W3C TDM Reservation Protocol)' }
        @{ Query = 'images/8x8/1.jpg?delayMs=4000'; Message = 'Timed out after 1 s' }
        @{ Query = 'images/512x512/1.png'; Message = 'response too large (more than 100000 bytes)' }
        @{ Query = 'images/8x8/1.jpg?redirect=6'; Message = 'Redirect not followed: more than 5 hops' }
    ) {
        $image = Invoke-ImageDownload "$base/$Query" -AllowPrivateNetwork -Timeout 1 -MaxBytes 100000
        $image.Status | Should -Be 'failed_to_download'
        $image.ErrorMessage | Should -Be $Message
        $image.Bytes | Should -BeNullOrEmpty
    }

    It 'records the matched directive of a refused image' {
        $image = Invoke-ImageDownload "$base/images/8x8/1.jpg?header=X-Robots-Tag:img2dataset:%20noimageindex" -AllowPrivateNetwork
        $image.OptOut.Signal | Should -Be 'XRobotsTag'
        $image.OptOut.MatchedDirectives | Should -Be @('img2dataset: noimageindex')
    }

    It 'reports a dropped connection as a failed download' {
        $image = Invoke-ImageDownload "$base/images/8x8/1.jpg?drop=1" -AllowPrivateNetwork
        $image.Status | Should -Be 'failed_to_download'
        $image.ErrorMessage | Should -Not -BeNullOrEmpty
    }

    It 'retries a 429 after its Retry-After' {
        $image = Invoke-ImageDownload "$base/images/8x8/1.jpg?status=429&retryAfter=1&failFirst=1&id=$([guid]::NewGuid())" -AllowPrivateNetwork -Retries 1
        $image.Status | Should -Be 'success'
        $image.Attempts | Should -Be 2
    }

    It 'follows redirects' {
        (Invoke-ImageDownload "$base/images/8x8/1.jpg?redirect=3" -AllowPrivateNetwork).Status | Should -Be 'success'
    }

    It 'refuses loopback without -AllowPrivateNetwork' {
        $image = Invoke-ImageDownload "$base/images/8x8/1.jpg"
        $image.ErrorMessage | Should -Match '^Refused to connect to 127\.0\.0\.1'
    }

    It 'computes <Kind> like the reference fixture' -ForEach @(@{ Kind = 'md5' }, @{ Kind = 'sha256' }, @{ Kind = 'sha512' }) {
        $expected = (Get-Content (Get-ReferenceFixture 'test_files/hashes.json') -Raw | ConvertFrom-Json).$Kind
        (Invoke-ImageDownload "$base/fixtures/blur_test_files/original.png" -AllowPrivateNetwork -ComputeHash $Kind).Hash | Should -Be $expected
    }

    It 'verifies hashes from Import-UrlList -HashColumn' {
        $hash = (Get-Content (Get-ReferenceFixture 'test_files/hashes.json') -Raw | ConvertFrom-Json).sha256
        $list = Join-Path $TestDrive 'hashes.csv'
        @(
            [pscustomobject]@{ url = "$base/fixtures/blur_test_files/original.png"; sha = $hash }
            [pscustomobject]@{ url = "$base/fixtures/blur_test_files/original.png?second"; sha = $hash.Substring(0, 63) + 'f' }
        ) | Export-Csv $list -UseQuotes AsNeeded

        $images = @(Import-UrlList $list -HashColumn sha | Invoke-ImageDownload -AllowPrivateNetwork -VerifyHash | Sort-Object Key)

        $images[0].Status | Should -Be 'success'
        $images[1].ErrorMessage | Should -Be 'hash mismatch'
    }

    It 'refuses -VerifyHash without a hash to compute' {
        { Invoke-ImageDownload "$base/images/8x8/1.jpg" -VerifyHash -ComputeHash none } |
            Should -Throw -ErrorId 'InvalidDownloadOption,Img2Dataset.PowerShell.Commands.InvokeImageDownloadCommand'
    }

    It 'yields one record per input row, including bad rows, from a piped list' {
        $list = Join-Path $TestDrive 'mixed.csv'
        $rows = 0..49 | ForEach-Object {
            $path = switch ($_ % 5) { 0 { 'images/8x8/1.jpg?status=404' } 1 { 'images/8x8/1.jpg?header=X-Robots-Tag:noai' } default { "images/16x16/$_.jpg" } }
            [pscustomobject]@{ url = "$base/$path"; caption = "c$_" }
        }
        $rows | Export-Csv $list -UseQuotes AsNeeded

        $images = @(Import-UrlList $list -CaptionColumn caption | Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 8)

        $images.Count | Should -Be 50
        ($images.Key | Sort-Object) | Should -Be (0..49 | ForEach-Object { $_.ToString('D9') })
        @($images | Where-Object Status -eq 'success').Count | Should -Be 30
        ($images | Where-Object Key -eq '000000007').Row.Caption | Should -Be 'c7'
    }

    It 'never exceeds -MaxConnectionsPerHost requests to one host' {
        $group = [guid]::NewGuid().ToString('N')
        $urls = 0..29 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=100&group=$group" }

        $images = @($urls | Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 16 -MaxConnectionsPerHost 3)

        $peak = Invoke-RestMethod "$base/_control/peak?group=$group"
        $images.Count | Should -Be 30
        $peak.requests | Should -Be 30
        $peak.peak | Should -BeLessOrEqual 3
        $peak.peak | Should -BeGreaterThan 1
    }

    It 'stops early and cleanly when the pipeline needs no more' {
        $urls = 0..199 | ForEach-Object { "$base/images/8x8/$_.jpg?delayMs=50" }
        $first = @($urls | Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 4 | Select-Object -First 3)
        $first.Count | Should -Be 3
    }

    It 'stops promptly when the pipeline is stopped (Ctrl+C)' {
        $script = @"
Import-Module '$(Get-TestModulePath)'
`$ps = [PowerShell]::Create()
`$null = `$ps.AddScript("Import-Module '$(Get-TestModulePath)'; 0..999 | ForEach-Object { '$base/images/8x8/`$_.jpg?delayMs=300' } | Invoke-ImageDownload -AllowPrivateNetwork -ThreadCount 4")
`$async = `$ps.BeginInvoke()
Start-Sleep -Milliseconds 1500
`$ps.Stop()
@{ State = `$ps.InvocationStateInfo.State.ToString() } | ConvertTo-Json
"@
        (Invoke-FreshPwsh $script).State | Should -Be 'Stopped'
    }

    It 'shows records as a Key, Status, Bytes, ErrorMessage, Url table' {
        $table = Invoke-ImageDownload "$base/images/8x8/1.jpg?status=404" -AllowPrivateNetwork | Out-String -Width 250
        $table | Should -Match 'Key\s+Status\s+Bytes\s+ErrorMessage\s+Url'
        $table | Should -Match 'failed_to_download\s+0\s+HTTP Error 404: Not Found\s+http'
    }
}

Describe 'Invoke-ImageDownload fed by Import-Csv' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-TestModulePath) -Force
        $csvServer = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    }

    AfterAll {
        Stop-ImageServer $csvServer
    }

    It 'keeps each object''s caption and other properties down to the dataset''s metadata' {
        $csv = Join-Path $TestDrive 'objects.csv'
        @(
            [pscustomobject]@{ url = "$($csvServer.BaseUrl)/images/8x8/1.jpg"; caption = 'first'; score = '0.9' }
            [pscustomobject]@{ url = "$($csvServer.BaseUrl)/images/8x8/2.jpg"; caption = 'second'; score = '0.4' }
        ) | Export-Csv $csv -UseQuotes AsNeeded
        $out = Join-Path $TestDrive 'from-objects'

        $images = @(Import-Csv $csv | Where-Object { [double]$_.score -gt 0.1 } | Invoke-ImageDownload -AllowPrivateNetwork)
        $images | Resize-DatasetImage -ImageSize 8 | Export-ParquetDataset $out | Out-Null

        ($images.Row.Caption | Sort-Object) | Should -Be @('first', 'second')
        $rows = @(Get-DatasetMetadata $out)
        ($rows.caption | Sort-Object) | Should -Be @('first', 'second')
        ($rows.score | Sort-Object) | Should -Be @('0.4', '0.9')
    }
}
