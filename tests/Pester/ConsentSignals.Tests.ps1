# Every place a creator can say "not for AI training", through Invoke-Img2Dataset and Test-RobotsDirective:
# tdmrep.json, Content-Usage (header and robots.txt), robots.txt Content-Signal, IPTC Data Mining and C2PA in the image.
BeforeDiscovery {
    $signals = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'ConsentSignals.Cases.psd1') | ForEach-Object Signals
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $base = $server.BaseUrl
    $signals = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'ConsentSignals.Cases.psd1') | ForEach-Object Signals
    $common = @{ AllowPrivateNetwork = $true; ImageSize = 8; SamplesPerShard = 50; ThreadCount = 4; OutputFormat = 'parquet' }

    function Set-RobotsTxt([string] $Text) { Invoke-RestMethod -Method Put -Uri "$base/_control/robots" -Body $Text | Out-Null }
    function Set-TdmRep([string] $Json, [string] $Fault = '') { Invoke-RestMethod -Method Put -Uri "$base/_control/tdmrep?$Fault" -Body $Json | Out-Null }

    function Invoke-Job([string[]] $Urls, [string] $Name, [hashtable] $Extra = @{}) {
        $list = Join-Path $TestDrive "$Name.txt"
        $Urls | Set-Content $list
        $out = Join-Path $TestDrive $Name
        # Refusals are the point here, not the run's failure rate.
        Invoke-Img2Dataset $list $out @common @Extra -MaximumFailureRate 1 | Out-Null
        Get-DatasetSample $out | ForEach-Object {
            [pscustomobject]@{
                Url = $_.Metadata['url']; Status = $_.Metadata['status']; Error = $_.Metadata['error_message']
                OptOut = if ($_.Metadata['opt_out']) { $_.Metadata['opt_out'] | ConvertFrom-Json }
            }
        }
    }

    $sources = @{
        TdmRepFile = "$base/.well-known/tdmrep.json"; ContentSignal = "$base/robots.txt"
        IptcDataMining = 'JPEG APP1 XMP'; C2paTrainingMining = 'PNG caBX JUMBF'
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'A job honours every consent signal by default' {
    BeforeAll {
        Set-TdmRep '[{"location": "/images/64x64/", "tdm-reservation": 1, "tdm-policy": "https://example.com/tdm-policy.json"}]'
        Set-RobotsTxt "User-agent: *`nContent-Usage: /images/32x32/ train-ai=n`nContent-Signal: /images/16x16/ search=yes, ai-train=no`n"
        $allowed = '/images/8x8/2.jpg', '/embedded/iptc-allowed.jpg', '/embedded/xmp-not-xml.jpg', '/embedded/jumbf-truncated.jpg', '/embedded/cbor-garbage.png'
        $rows = Invoke-Job (@($signals.Path) + $allowed | ForEach-Object { "$base$_" }) 'all-signals'
    }

    It 'refuses <Signal> at <Path> with its message and leaves the evidence' -ForEach $signals {
        $row = $rows | Where-Object Url -EQ "$base$Path"

        $row.Status | Should -Be 'failed_to_download'
        $row.Error | Should -Be $Message
        $row.OptOut.signal | Should -Be $Signal
        $row.OptOut.matched | Should -Contain $Matched
        if ($sources[$Signal]) { $row.OptOut.source | Should -Be $sources[$Signal] }
    }

    It 'records the tdm-policy a reserving file points to' {
        ($rows | Where-Object { $_.OptOut.signal -eq 'TdmRepFile' }).OptOut.tdm_policy | Should -Be 'https://example.com/tdm-policy.json'
    }

    It 'keeps images that say nothing, allow, or carry malformed metadata' {
        $kept = $rows | Where-Object Status -EQ 'success'
        $kept.Count | Should -Be 5
        $rows.Count | Should -Be 11
    }
}

Describe 'Each signal has a switch to ignore it' {
    BeforeAll {
        Set-TdmRep '[{"location": "/images/64x64/", "tdm-reservation": 1}]'
        Set-RobotsTxt "User-agent: *`nContent-Usage: /images/32x32/ train-ai=n`nContent-Signal: /images/16x16/ search=yes, ai-train=no`n"
    }

    It '-<Switch> lets <Signal> through' -ForEach @(
        @{ Switch = 'IgnoreTdmRepFile'; Signal = 'TdmRepFile'; Index = 0 }
        @{ Switch = 'IgnoreContentUsage'; Signal = 'ContentUsage'; Index = 1 }
        @{ Switch = 'IgnoreContentSignal'; Signal = 'ContentSignal'; Index = 3 }
        @{ Switch = 'IgnoreIptcDataMining'; Signal = 'IptcDataMining'; Index = 4 }
        @{ Switch = 'IgnoreC2paTrainingMining'; Signal = 'C2paTrainingMining'; Index = 5 }
    ) {
        $url = "$base$($signals[$Index].Path)"

        $rows = Invoke-Job @($url) "ignore-$Switch" @{ $Switch = $true }
        $honoured = Invoke-Job @($url) "honour-$Switch"

        $rows[0].Status | Should -Be 'success'
        $honoured[0].OptOut.signal | Should -Be $Signal
    }

    It 'records a Content-Usage header it was told to ignore' {
        $rows = Invoke-Job @("$base$($signals[1].Path)") 'ignored-usage' @{ IgnoreContentUsage = $true }

        $rows[0].OptOut.ignored[0].signal | Should -Be 'ContentUsage'
        $rows[0].OptOut.ignored[0].matched | Should -Be 'train-ai=n'
    }

    It 'takes the switches from a config file under the reference-style names' {
        $config = Join-Path $TestDrive 'ignore.json'
        '{"ignore_iptc_data_mining": true, "ignore_c2pa_training_mining": true}' | Set-Content $config

        $rows = Invoke-Job @("$base/embedded/iptc-prohibited.png", "$base/embedded/cawg-notallowed.jpg") 'config-ignore' @{ ConfigFile = $config }

        $rows.Status | Should -Be @('success', 'success')
        $recorded = Get-Content (Join-Path $TestDrive 'config-ignore/.img2dataset/config.json') -Raw | ConvertFrom-Json
        $recorded.ignore_iptc_data_mining | Should -BeTrue
        $recorded.ignore_c2pa_training_mining | Should -BeTrue
        $recorded.ignore_content_usage | Should -BeFalse
    }
}

Describe 'A malformed tdmrep.json' {
    It 'reserves nothing and says so once, as a warning' {
        Set-TdmRep '{"location": "/", "tdm-reservation": 1}'
        $list = Join-Path $TestDrive 'malformed.txt'
        1..3 | ForEach-Object { "$base/images/8x8/$_.jpg" } | Set-Content $list

        $summary = Invoke-Img2Dataset $list (Join-Path $TestDrive 'malformed') @common -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Successes | Should -Be 3
        @($warnings | Where-Object { "$_" -like '*tdmrep.json is malformed*' }).Count | Should -Be 1
    }
}

Describe 'A hostile tdmrep.json' {
    BeforeAll {
        $reserveAll = '[{"location": "/", "tdm-reservation": 1}]'
        $urls = 1..3 | ForEach-Object { "$base/images/8x8/$_.jpg" }
    }

    AfterAll {
        Set-TdmRep ''
    }

    It 'follows five redirects to the file, as for robots.txt, and reserves' {
        Set-TdmRep $reserveAll 'redirects=5'

        $rows = @(Invoke-Job $urls 'tdmrep-five-redirects')

        @($rows | Where-Object Status -eq 'success').Count | Should -Be 0
        $rows[0].OptOut.signal | Should -Be 'TdmRepFile'
    }

    It 'treats a file behind six redirects as absent, reserving nothing' {
        Set-TdmRep $reserveAll 'redirects=6'

        $rows = @(Invoke-Job $urls 'tdmrep-six-redirects')

        @($rows | Where-Object Status -eq 'success').Count | Should -Be 3
    }

    It 'gives up on a file whose body stalls past the run''s timeout, reserving nothing' {
        # Were the stalled file waited for, it would arrive after 30 s and refuse all three images.
        Set-TdmRep $reserveAll 'stallMs=30000'

        $rows = @(Invoke-Job $urls 'tdmrep-stalled' @{ Timeout = 2 })

        @($rows | Where-Object Status -eq 'success').Count | Should -Be 3
    }

    It 'lets Test-RobotsDirective audit past a file that stalls, as the job does' {
        Set-TdmRep $reserveAll 'stallMs=30000'

        $verdict = Test-RobotsDirective "$base/images/8x8/2.jpg" -AllowPrivateNetwork -Timeout 2

        $verdict.Error | Should -BeNullOrEmpty
        $verdict.Allowed | Should -BeTrue
    }
}

Describe 'Test-RobotsDirective shows every signal' {
    BeforeAll {
        Set-TdmRep '[{"location": "/images/64x64/", "tdm-reservation": 1}]'
        Set-RobotsTxt "User-agent: *`nContent-Usage: /images/32x32/ train-ai=n`nContent-Signal: /images/16x16/ search=yes, ai-train=no`n"
    }

    It 'reports <Signal> for <Path> without downloading it' -ForEach ($signals | Select-Object -First 4) {
        $verdict = Test-RobotsDirective "$base$Path" -AllowPrivateNetwork

        $verdict.Allowed | Should -BeFalse
        $verdict.Signal | Should -Be $Signal
        $verdict.Directives | Should -BeLike "*$Matched*"
    }

    It 'reports the embedded <Signal> of <Path> with -InspectImage' -ForEach ($signals | Select-Object -Skip 4) {
        $plain = Test-RobotsDirective "$base$Path" -AllowPrivateNetwork
        $verdict = Test-RobotsDirective "$base$Path" -AllowPrivateNetwork -InspectImage

        $plain.Allowed | Should -BeTrue
        $verdict.Method | Should -Be 'GET'
        $verdict.Signal | Should -Be $Signal
        $verdict.Decision.Source | Should -Be $sources[$Signal]
    }

    It 'lets a signal through with its switch' {
        (Test-RobotsDirective "$base$($signals[3].Path)" -AllowPrivateNetwork -IgnoreContentSignal).Allowed | Should -BeTrue
        (Test-RobotsDirective "$base$($signals[4].Path)" -AllowPrivateNetwork -InspectImage -IgnoreIptcDataMining).Allowed | Should -BeTrue
    }

    It 'judges a pasted Content-Usage header' {
        (Test-RobotsDirective -Header 'Content-Usage: search=y, train-ai=n').Signal | Should -Be 'ContentUsage'
    }
}

Describe 'robots.txt groups that block AI crawlers' {
    BeforeAll {
        Set-TdmRep ''
        Set-RobotsTxt "User-agent: *`nAllow: /`n`nUser-agent: GPTBot`nDisallow: /`n"
        $urls = 1..3 | ForEach-Object { "$base/images/8x8/$_.jpg?ai-crawler=1" }
    }

    AfterAll {
        Set-RobotsTxt ''
    }

    It 'refuses by default the images of a site whose robots.txt blocks only GPTBot, naming the token, group and rule' {
        $rows = @(Invoke-Job $urls 'gptbot-only')

        $rows.Count | Should -Be 3
        $rows.Status | Sort-Object -Unique | Should -Be 'failed_to_download'
        $rows[0].Error | Should -Be 'Use of image for AI training disallowed by robots.txt rules for AI crawlers'
        $rows[0].OptOut.signal | Should -Be 'RobotsTxtAiCrawler'
        $rows[0].OptOut.matched | Should -Be 'GPTBot: group of line 4 (User-agent: GPTBot), line 5: Disallow: /'
        $rows[0].OptOut.source | Should -Be "$base/robots.txt"
    }

    It 'downloads them with -IgnoreAiCrawlerRules, keeping the group as ignored evidence' {
        $rows = @(Invoke-Job $urls 'gptbot-ignored' @{ IgnoreAiCrawlerRules = $true })

        $rows.Status | Sort-Object -Unique | Should -Be 'success'
        $rows.Count | Should -Be 3
        $rows[0].OptOut.ignored[0].signal | Should -Be 'RobotsTxtAiCrawler'
        $recorded = Get-Content (Join-Path $TestDrive 'gptbot-ignored/.img2dataset/config.json') -Raw | ConvertFrom-Json
        $recorded.ignore_ai_crawler_rules | Should -BeTrue
        $recorded.ai_crawler_token | Should -Contain 'GPTBot'
    }

    It 'shows the refusal in Test-RobotsDirective -Url without downloading' {
        $verdict = Test-RobotsDirective -Url "$base/images/8x8/9.jpg?group=ai-crawler-audit" -AllowPrivateNetwork

        $verdict.Allowed | Should -BeFalse
        $verdict.Signal | Should -Be 'RobotsTxtAiCrawler'
        $verdict.Method | Should -Be 'robots.txt'
        $verdict.Directives | Should -BeLike 'GPTBot: group of line 4*'
        (Test-RobotsDirective -Url "$base/images/8x8/9.jpg" -AllowPrivateNetwork -IgnoreAiCrawlerRules).Allowed | Should -BeTrue
    }

    It 'replaces the shipped list with -AiCrawlerToken, also from a config file' {
        Set-RobotsTxt "User-agent: HouseBot`nDisallow: /images/`n"
        $config = Join-Path $TestDrive 'crawlers.json'
        '{"ai_crawler_token": ["HouseBot"]}' | Set-Content $config

        (Invoke-Job $urls[0] 'house-default').Status | Should -Be 'success'
        (Invoke-Job $urls[0] 'house-parameter' @{ AiCrawlerToken = 'HouseBot' }).OptOut.signal | Should -Be 'RobotsTxtAiCrawler'
        (Invoke-Job $urls[0] 'house-config' @{ ConfigFile = $config }).OptOut.matched | Should -BeLike 'HouseBot: *'
    }

    It 'refuses a token that is not one robots.txt product token, naming it' {
        { Test-RobotsDirective -Header 'X-Robots-Tag: noai' -AiCrawlerToken 'GPT Bot' } |
            Should -Throw -ErrorId 'InvalidOptOutPolicy,Img2Dataset.PowerShell.Commands.TestRobotsDirectiveCommand' -ExpectedMessage "*AiCrawlerToken: 'GPT Bot'*"
    }
}

Describe 'Embedded signals in every container, and remote manifests' {
    It 'refuses <Fixture> by its <Signal> found at <Source>' -ForEach @(
        @{ Fixture = 'iptc-aimltraining.gif'; Signal = 'IptcDataMining'; Source = 'GIF XMP application extension' }
        @{ Fixture = 'c2pa-notallowed.gif'; Signal = 'C2paTrainingMining'; Source = 'GIF C2PA_GIF application extension' }
        @{ Fixture = 'iptc-prohibited.tif'; Signal = 'IptcDataMining'; Source = 'TIFF tag 700 XMP' }
        @{ Fixture = 'c2pa-notallowed.tif'; Signal = 'C2paTrainingMining'; Source = 'TIFF tag 0xCD41 C2PA' }
        @{ Fixture = 'iptc-genai.avif'; Signal = 'IptcDataMining'; Source = 'HEIF mime item XMP' }
        @{ Fixture = 'c2pa-notallowed.heic'; Signal = 'C2paTrainingMining'; Source = 'BMFF uuid C2PA box' }
        @{ Fixture = 'c2pa-constrained.jpg'; Signal = 'C2paTrainingMining'; Source = 'JPEG APP11 JUMBF' }
        @{ Fixture = 'iptc-seeconstraint.jpg'; Signal = 'IptcDataMining'; Source = 'JPEG APP1 XMP' }
    ) {
        $row = Invoke-Job "$base/embedded/$Fixture" "container-$Fixture"

        $row.Status | Should -Be 'failed_to_download'
        $row.OptOut.signal | Should -Be $Signal
        $row.OptOut.source | Should -Be $Source
    }

    It 'lists every refusing block, and quotes what SEECONSTRAINT and constrained point to' {
        $both = Invoke-Job "$base/embedded/iptc-and-c2pa.jpg" 'iptc-and-c2pa'
        $constrained = Invoke-Job "$base/embedded/c2pa-constrained.jpg" 'constrained-quote'

        $both.OptOut.signal | Should -Be 'IptcDataMining'
        $both.OptOut.also_refused.signal | Should -Be @('C2paTrainingMining', 'C2paTrainingMining')
        $constrained.OptOut.matched[0] | Should -Be 'c2pa.ai_training: constrained ("Training allowed for academic research only.")'
    }

    It 'follows a Link rel="c2pa-manifest" header when nothing is embedded, and Test-RobotsDirective -InspectImage shows it' {
        $link = [uri]::EscapeDataString('Link:</embedded/manifest-notallowed.c2pa>; rel="c2pa-manifest"')

        $row = Invoke-Job "$base/embedded/plain.jpg?header=$link" 'remote-manifest'
        $verdict = Test-RobotsDirective "$base/embedded/plain.jpg?header=$link&audit=1" -AllowPrivateNetwork -InspectImage

        $row.OptOut.signal | Should -Be 'C2paTrainingMining'
        $row.OptOut.source | Should -Be "$base/embedded/manifest-notallowed.c2pa"
        $verdict.Signal | Should -Be 'C2paTrainingMining'
    }
}

Describe 'Response headers beyond X-Robots-Tag' {
    It 'judges a pasted Content-Signal header as the robots.txt line is judged' {
        (Test-RobotsDirective -Header 'Content-Signal: search=yes, ai-train=no').Signal | Should -Be 'ContentSignal'
        (Test-RobotsDirective -Header 'Content-Signal: ai-train=yes').Allowed | Should -BeTrue
    }

    It 'gives an image allowed with tdm-reservation 0 no opt_out value' {
        $row = Invoke-Job "$base/images/8x8/3.jpg?header=tdm-reservation:0&header=tdm-policy:https://example.com/p.json" 'tdm-zero'

        $row.Status | Should -Be 'success'
        $row.OptOut | Should -BeNullOrEmpty
    }
}
