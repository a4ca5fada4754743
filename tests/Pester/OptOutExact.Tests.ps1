# Opt-outs that cost no bytes and hold on every hop: refusals, redirects, robots.txt and the evidence they leave.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $paced = 'bodyBytes=900000&trickleMs=20&pieceBytes=65536'
    $common = @{ AllowPrivateNetwork = $true; ImageSize = 8; SamplesPerShard = 10; ThreadCount = 4; OutputFormat = 'parquet' }

    function Get-SentBytes([string] $Group) {
        # The server keeps writing until the closed connection fails its write: read the count once it settles.
        $previous = -1; $sent = 0
        for ($i = 0; $i -lt 20 -and $sent -ne $previous; $i++) {
            Start-Sleep -Milliseconds 100
            $previous = $sent
            $sent = (Invoke-RestMethod "$base/_control/sent?group=$Group").bytes
        }
        $sent
    }

    function Set-RobotsTxt([string] $Text, [string] $Fault = '') {
        Invoke-RestMethod -Method Put -Uri "$base/_control/robots?$Fault" -Body $Text | Out-Null
    }

    # The parquet format lists every row, failures too, in what Get-DatasetSample reads back.
    function Get-OptOut([string] $Folder, [string] $UrlPart) {
        Get-DatasetSample $Folder | Where-Object { $_.Metadata['url'] -like "*$UrlPart*" } |
            ForEach-Object { $_.Metadata['opt_out'] | ConvertFrom-Json }
    }

    function Invoke-Job([string[]] $Urls, [string] $Name, [hashtable] $Extra = @{}) {
        $list = Join-Path $TestDrive "$Name.txt"
        $Urls | Set-Content $list
        $out = Join-Path $TestDrive $Name
        Invoke-Img2Dataset $list $out @common @Extra | Out-Null
        $out
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'A refusal costs the creator no body' {
    It 'closes the connection of a refused <Header> image instead of draining its body' -ForEach @(
        @{ Header = 'X-Robots-Tag:noai' }
        @{ Header = 'tdm-reservation:1' }
    ) {
        $group = [guid]::NewGuid().ToString('N')

        $image = Invoke-ImageDownload "$base/images/8x8/1.jpg?header=$Header&$paced&group=$group" -AllowPrivateNetwork

        $image.Status | Should -Be 'failed_to_download'
        Get-SentBytes $group | Should -BeLessOrEqual (3 * 65536)
    }

    It 'stops Test-RobotsDirective''s ranged GET after the headers when the server ignores the range' {
        $group = [guid]::NewGuid().ToString('N')

        $verdict = Test-RobotsDirective "$base/images/8x8/1.jpg?refuseHead=1&$paced&group=$group" -AllowPrivateNetwork

        $verdict.Method | Should -Be 'GET'
        Get-SentBytes $group | Should -BeLessOrEqual (3 * 65536)
    }
}

Describe 'Every hop is judged' {
    It 'refuses the target of a redirect whose own response carries <Header>' -ForEach @(
        @{ Header = 'X-Robots-Tag:noai'; Signal = 'XRobotsTag' }
        @{ Header = 'tdm-reservation:1'; Signal = 'TdmReservation' }
    ) {
        $hop = "$base/images/8x8/1.jpg?header=$Header&location=$([uri]::EscapeDataString('/images/8x8/2.jpg'))"

        $image = Invoke-ImageDownload $hop -AllowPrivateNetwork
        $verdict = Test-RobotsDirective $hop -AllowPrivateNetwork

        $image.OptOut.Signal | Should -Be $Signal
        $image.OptOut.Source | Should -Be $hop
        $verdict.Allowed | Should -BeFalse
    }
}

Describe 'robots.txt, exactly' {
    It 'obeys a robots.txt served <Case>' -ForEach @(
        @{ Case = 'gzip-encoded'; Text = "User-agent: *`nDisallow: /images/64x64/`n"; Fault = 'encoding=gzip' }
        @{ Case = 'with a byte-order mark'; Text = "$([char]0xFEFF)User-agent: *`nDisallow: /images/64x64/`n"; Fault = '' }
        @{ Case = 'with CR line ends'; Text = "User-agent: *`rDisallow: /images/64x64/`r"; Fault = '' }
        @{ Case = 'behind five redirects'; Text = "User-agent: *`nDisallow: /images/64x64/`n"; Fault = 'redirects=5' }
    ) {
        Set-RobotsTxt $Text $Fault

        $out = Invoke-Job "$base/images/64x64/1.jpg", "$base/images/32x32/1.jpg" "robots-$($Case -replace '\W', '')" @{ RespectRobotsTxt = $true }

        $optOut = Get-OptOut $out '64x64'
        $optOut.signal | Should -Be 'RobotsTxt'
        $optOut.matched | Should -Be 'line 2: Disallow: /images/64x64/'
        $optOut.source | Should -Be "$base/robots.txt"
        (Get-DatasetStatistics $out).Successes | Should -Be 1
    }

    It 'matches a pattern written with UTF-8 against its percent-encoded path' {
        Set-RobotsTxt "User-agent: *`nDisallow: /images/8x8/caf$([char]0xE9)"

        (Test-RobotsDirective "$base/images/8x8/caf%C3%A9.jpg" -AllowPrivateNetwork -RespectRobotsTxt).Signal | Should -Be 'RobotsTxt'
    }

    It 'matches an escaped unreserved character in a pattern against both spellings of the path' {
        Set-RobotsTxt "User-agent: *`nDisallow: /images/8x8/%7Eprivate"

        (Test-RobotsDirective "$base/images/8x8/~private.jpg" -AllowPrivateNetwork -RespectRobotsTxt).Signal | Should -Be 'RobotsTxt'
        (Test-RobotsDirective "$base/images/8x8/%7Eprivate.jpg" -AllowPrivateNetwork -RespectRobotsTxt).Signal | Should -Be 'RobotsTxt'
    }

    It 'ignores a line cut by the 500 KiB cap instead of keeping it as a rule' {
        # "Disallow: /images/" cut after "Disallow: /" would disallow everything if the cut line were kept.
        $head = "User-agent: *`n#"
        $padding = '#' * (500 * 1024 - $head.Length - 1 - 'Disallow: /'.Length)
        Set-RobotsTxt "$head$padding`nDisallow: /images/`n"

        (Test-RobotsDirective "$base/other/1.jpg" -AllowPrivateNetwork -RespectRobotsTxt).Allowed | Should -BeTrue
    }

    It 'checks the robots.txt of the host a redirect leads to' {
        Set-RobotsTxt "User-agent: *`nDisallow: /images/64x64/"
        $otherHost = $base.Replace('127.0.0.1', 'localhost')
        $url = "$base/images/8x8/1.jpg?location=$([uri]::EscapeDataString("$otherHost/images/64x64/1.jpg"))"

        $image = Invoke-ImageDownload $url -AllowPrivateNetwork -RespectRobotsTxt

        $image.OptOut.Signal | Should -Be 'RobotsTxt'
        $image.OptOut.Source | Should -Be "$otherHost/robots.txt"
    }

    It 'names a robots.txt that <Case> apart from a creator''s rule' -ForEach @(
        @{ Case = 'answers 503'; Fault = 'status=503' }
        # The image's own timeout does not run while its robots.txt is awaited: the row names the file, not the image.
        @{ Case = 'stalls past the timeout'; Fault = 'stallMs=30000' }
    ) {
        Set-RobotsTxt "User-agent: *`nAllow: /`n" $Fault
        $name = "robots-unreachable-$($Case -replace '\W', '')"

        # Every row of the run is refused, so the run ends with FailureRateExceeded once its dataset is written.
        { Invoke-Job "$base/images/8x8/1.jpg" $name @{ RespectRobotsTxt = $true; Timeout = 2 } } |
            Should -Throw -ErrorId 'FailureRateExceeded,Img2Dataset.PowerShell.Commands.InvokeImg2DatasetCommand'
        $out = Join-Path $TestDrive $name

        $row = Get-DatasetSample $out | Select-Object -First 1
        $row.Metadata['error_message'] | Should -BeLike 'robots.txt could not be fetched*'
        ($row.Metadata['opt_out'] | ConvertFrom-Json).signal | Should -Be 'RobotsTxtUnreachable'
    }

    It 'treats a robots.txt behind six redirects as unavailable, allowing everything' {
        Set-RobotsTxt "User-agent: *`nDisallow: /`n" 'redirects=6'

        (Test-RobotsDirective "$base/images/8x8/1.jpg" -AllowPrivateNetwork -RespectRobotsTxt).Allowed | Should -BeTrue
    }
}

Describe 'Directives and headers as users give them' {
    It 'refuses a past unavailable_after as noindex' {
        $verdict = Test-RobotsDirective -Header 'X-Robots-Tag: unavailable_after: Friday, 25-Jun-2010 15:00:00 PST'

        $verdict.Allowed | Should -BeFalse
        $verdict.Directives | Should -BeLike 'unavailable_after: Friday, 25-Jun-2010 15:00:00 PST*noindex*'
    }

    It 'splits -DisallowedHeaderDirectives given as one comma-separated string' {
        (Test-RobotsDirective -Header 'X-Robots-Tag: noimageai' -DisallowedHeaderDirectives 'noai, noimageai').Allowed | Should -BeFalse
    }

    It 'refuses -DisallowedHeaderDirectives of only blanks instead of turning the check off' {
        { Test-RobotsDirective -Header 'X-Robots-Tag: noai' -DisallowedHeaderDirectives ' ', '' } |
            Should -Throw -ErrorId 'InvalidOptOutPolicy,Img2Dataset.PowerShell.Commands.TestRobotsDirectiveCommand'
        { Invoke-ImageDownload "$base/images/8x8/1.jpg" -DisallowedHeaderDirectives ' ' } |
            Should -Throw -ErrorId 'InvalidDownloadOption,Img2Dataset.PowerShell.Commands.InvokeImageDownloadCommand'
    }

    It 'reads a pasted raw header block' {
        $block = "HTTP/1.1 200 OK`r`nContent-Type: image/jpeg`r`nX-Robots-Tag: noai`r`n"

        (Test-RobotsDirective -Header $block).Directives | Should -Be 'noai'
        { Test-RobotsDirective -Header "X-Robots-Tag: noai`r`nnot a header" } |
            Should -Throw -ErrorId 'InvalidHeaderLine,Img2Dataset.PowerShell.Commands.TestRobotsDirectiveCommand'
    }
}

Describe 'The dataset keeps the evidence' {
    It 'records ignored signals and the tdm-policy when the user turns the checks off' {
        $url = "$base/images/8x8/1.jpg?header=tdm-reservation:1&header=$([uri]::EscapeDataString('tdm-policy:https://example.com/policy.json'))&header=X-Robots-Tag:noai"

        $out = Invoke-Job $url 'ignored' @{ IgnoreTdmReservation = $true; DisallowedHeaderDirectives = @() }

        $optOut = Get-OptOut $out '8x8'
        $optOut.tdm_policy | Should -Be 'https://example.com/policy.json'
        $optOut.ignored.signal | Should -Be @('XRobotsTag', 'TdmReservation')
        $optOut.ignored.source | Should -Be @($url, $url)
        (Get-DatasetStatistics $out).Successes | Should -Be 1
    }
}
