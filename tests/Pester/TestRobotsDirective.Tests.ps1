BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Test-RobotsDirective against the image server' {
    It 'reports <Expected> for <Query>' -ForEach @(
        @{ Query = ''; Allowed = $true; Expected = '' }
        @{ Query = '?header=X-Robots-Tag:noai'; Allowed = $false; Expected = 'noai' }
        @{ Query = '?header=X-Robots-Tag:noimageai'; Allowed = $false; Expected = 'noimageai' }
        @{ Query = '?header=X-Robots-Tag:noindex'; Allowed = $false; Expected = 'noindex' }
        @{ Query = '?header=X-Robots-Tag:noimageindex'; Allowed = $false; Expected = 'noimageindex' }
        @{ Query = '?header=X-Robots-Tag:img2dataset:%20noai'; Allowed = $false; Expected = 'img2dataset: noai' }
        @{ Query = '?header=X-Robots-Tag:otherbot:%20noai'; Allowed = $true; Expected = '' }
        @{ Query = '?header=tdm-reservation:1&header=tdm-policy:https://example.com/policy.json'; Allowed = $false; Expected = 'tdm-reservation: 1' }
    ) {
        $verdict = Test-RobotsDirective "$base/images/32x32/1.jpg$Query" -AllowPrivateNetwork

        $verdict.GetType().FullName | Should -Be 'Img2Dataset.Engine.Policy.OptOutVerdict'
        $verdict.Allowed | Should -Be $Allowed
        $verdict.Directives | Should -Be $Expected
        $verdict.StatusCode | Should -Be 200
    }

    It 'records the TDM policy and the raw header values as evidence' {
        $verdict = Test-RobotsDirective "$base/images/32x32/1.jpg?header=tdm-reservation:1&header=tdm-policy:https://example.com/policy.json&header=X-Robots-Tag:nofollow" -AllowPrivateNetwork
        $verdict.Signal | Should -Be 'TdmReservation'
        $verdict.Decision.TdmPolicy | Should -Be 'https://example.com/policy.json'
        $verdict.Decision.XRobotsTag | Should -Be @('nofollow')
    }

    It 'lets -IgnoreTdmReservation and an empty -DisallowedHeaderDirectives turn checks off' {
        (Test-RobotsDirective "$base/images/32x32/1.jpg?header=tdm-reservation:1" -AllowPrivateNetwork -IgnoreTdmReservation).Allowed | Should -BeTrue
        (Test-RobotsDirective "$base/images/32x32/1.jpg?header=X-Robots-Tag:noai" -AllowPrivateNetwork -DisallowedHeaderDirectives @()).Allowed | Should -BeTrue
    }

    It 'matches scoped groups against -UserAgentToken' {
        (Test-RobotsDirective "$base/images/32x32/1.jpg?header=X-Robots-Tag:mybot:%20noai" -AllowPrivateNetwork -UserAgentToken MyBot).Allowed | Should -BeFalse
    }

    It 'falls back to a ranged GET when HEAD is refused' {
        $verdict = Test-RobotsDirective "$base/images/32x32/1.jpg?refuseHead=1&header=X-Robots-Tag:noai" -AllowPrivateNetwork
        $verdict.Method | Should -Be 'GET'
        $verdict.Allowed | Should -BeFalse
    }

    It 'refuses loopback addresses without -AllowPrivateNetwork' {
        $verdict = Test-RobotsDirective "$base/images/32x32/1.jpg"
        $verdict.Allowed | Should -BeNullOrEmpty
        $verdict.Error | Should -Match 'Refused to connect to 127.0.0.1'
    }

    It 'obeys robots.txt with -RespectRobotsTxt' {
        Invoke-RestMethod -Method Put -Uri "$base/_control/robots" -Body "User-agent: img2dataset`nDisallow: /images/16x16/" | Out-Null
        try {
            $verdicts = Test-RobotsDirective "$base/images/16x16/1.jpg", "$base/images/32x32/1.jpg" -AllowPrivateNetwork -RespectRobotsTxt | Sort-Object Url
            $verdicts[0].Signal | Should -Be 'RobotsTxt'
            $verdicts[1].Allowed | Should -BeTrue
        }
        finally {
            Invoke-RestMethod -Method Put -Uri "$base/_control/robots" -Body '' | Out-Null
        }
    }

    It 'audits UrlRow records from Import-UrlList concurrently, one verdict per row' {
        $list = Join-Path $TestDrive 'audit.csv'
        $rows = 0..39 | ForEach-Object {
            $query = if ($_ % 4 -eq 0) { '?header=X-Robots-Tag:noai' } else { '' }
            [pscustomobject]@{ url = "$base/images/24x24/$_.jpg$query"; caption = "c$_" }
        }
        $rows | Export-Csv $list -UseQuotes AsNeeded

        $verdicts = @(Import-UrlList $list -CaptionColumn caption | Test-RobotsDirective -AllowPrivateNetwork -ThreadCount 8)

        $verdicts.Count | Should -Be 40
        @($verdicts | Where-Object Allowed -eq $false).Count | Should -Be 10
        ($verdicts.Url | Sort-Object) | Should -Be ($rows.url | Sort-Object)
    }

    It 'shows verdicts as an Allowed, Signal, Directives, Url table' {
        $table = Test-RobotsDirective "$base/images/32x32/1.jpg?header=X-Robots-Tag:noai" -AllowPrivateNetwork | Out-String -Width 250
        $table | Should -Match 'Allowed\s+Signal\s+Directives\s+Url'
        $table | Should -Match 'False\s+XRobotsTag\s+noai'
    }
}

Describe 'Test-RobotsDirective -Header' {
    It 'evaluates raw header lines without a network' {
        $verdict = Test-RobotsDirective -Header 'X-Robots-Tag: googlebot: noindex', 'X-Robots-Tag: img2dataset: noimageai'
        $verdict.Allowed | Should -BeFalse
        $verdict.Directives | Should -Be 'img2dataset: noimageai'
        $verdict.Method | Should -Be 'headers'
    }

    It 'evaluates a dictionary of headers, with arrays for repeated headers' {
        (Test-RobotsDirective -Header @{ 'X-Robots-Tag' = @('nofollow', 'none') }).Directives | Should -Be 'noindex'
        (Test-RobotsDirective -Header @{ 'x-robots-tag' = 'max-image-preview: none' }).Allowed | Should -BeTrue
    }

    It 'takes custom directives' {
        (Test-RobotsDirective -Header @{ 'X-Robots-Tag' = 'noml' } -DisallowedHeaderDirectives noai, noml).Directives | Should -Be 'noml'
    }

    It 'rejects a header line without a name' {
        { Test-RobotsDirective -Header 'noai' } | Should -Throw -ErrorId 'InvalidHeaderLine,Img2Dataset.PowerShell.Commands.TestRobotsDirectiveCommand'
    }

    It 'rejects a token that cannot be an agent name' {
        { Test-RobotsDirective -Header 'X-Robots-Tag: noai' -UserAgentToken 'two words' } | Should -Throw -ErrorId 'InvalidOptOutPolicy,Img2Dataset.PowerShell.Commands.TestRobotsDirectiveCommand'
    }
}
