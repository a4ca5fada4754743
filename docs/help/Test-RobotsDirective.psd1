@{
    Include     = '_NetworkParameters'
    Synopsis    = 'Audits URLs or response headers for creators'' opt-out signals (X-Robots-Tag, TDM reservation and tdmrep.json, Content-Usage, Content-Signal, robots.txt; with -InspectImage IPTC Data Mining and C2PA) without building a dataset.'
    Description = @'
Test-RobotsDirective decides, the way the downloader does, whether an image may be used, and says why not.

With -Url (strings, or UrlRow records from Import-UrlList through the pipeline) it sends a HEAD request, or a one-byte
ranged GET where HEAD is refused, with the downloader's User-Agent, timeout and private-network guard, -ThrottleLimit
requests at a time; no image body is downloaded. Each site's tdmrep.json and robots.txt (for its Content-Usage and
Content-Signal lines, and its rules with -RespectRobotsTxt) are read once per site first. With -InspectImage it
downloads each image whole instead, as a job does, and also reads the signals embedded in it. With -Header it evaluates raw header lines ("X-Robots-Tag: noai") or a
dictionary of header name to value(s), without any network.

X-Robots-Tag is read as the major search engines specify it: several headers or one comma-joined header; directives
are case-insensitive; "name:" scopes the directives after it (until the next "name:") to that agent, and a group for
another agent does not apply; "none" means "noindex, nofollow"; valued directives such as "unavailable_after: date" or
"max-image-preview: none" are not agent names; unknown directives are ignored. The W3C TDM Reservation Protocol header
"tdm-reservation: 1" excludes an image unless -IgnoreTdmReservation; "tdm-policy" is recorded.

A Content-Usage header (a Structured Field dictionary, RFC 9651) with train-ai=n excludes an image unless
-IgnoreContentUsage.

A URL given as a string gets a verdict. A UrlRow from Import-UrlList is passed on as the same row (key, shard,
caption, additional columns) with the verdict in its Verdict property and Allowed beside it, so the card's pipeline
Import-UrlList | Test-RobotsDirective | Invoke-ImageDownload | Resize-DatasetImage | Export-WebDataset writes the
same dataset as without the audit, and Invoke-ImageDownload does not request a row the audit refused: it fails it
with the verdict's evidence as its OptOut.

Each verdict has Url, Allowed, Signal (None, XRobotsTag, TdmReservation, RobotsTxt, RobotsTxtUnreachable, TdmRepFile,
ContentUsage, ContentSignal, IptcDataMining, C2paTrainingMining), Directives (what matched),
Decision (the evidence: raw X-Robots-Tag values, tdm-reservation, tdm-policy), StatusCode, Method and Error (when no
headers could be had; Allowed is then empty).
'@
    Parameters  = @{
        Url                        = 'URLs to audit. Each gets an OptOutVerdict.'
        InputObject                = 'Pipeline input: UrlRow records from Import-UrlList, each passed on with its verdict attached (Verdict, Allowed); URL strings, or objects with a Url property (Import-Csv''s), each answered with an OptOutVerdict.'
        InspectImage               = 'Download each image whole, as a job does (GET, body capped at 50 MB), so the verdict also covers the signals embedded in it: the IPTC Data Mining property and the C2PA training-mining assertion. Without it only site-wide signals and headers are audited and no body is read.'
        Header                     = 'Response headers to evaluate instead of fetching: header lines "Name: value", or a hashtable of name to a value or an array of values.'
        ThrottleLimit              = 'Also -ThreadCount. Requests in flight at once (default 64). Used with -Url.'
        Timeout                    = 'Seconds for one request, connect and headers included (default 10). Used with -Url.'
    }
    Inputs      = @{ 'System.String' = 'URLs.'; 'Img2Dataset.Engine.Input.UrlRow' = 'Rows of Import-UrlList.'; 'System.Management.Automation.PSObject' = 'Objects with a Url property.' }
    Outputs     = @{ 'Img2Dataset.Engine.Policy.OptOutVerdict' = 'One verdict per URL, or one for the given headers.'; 'Img2Dataset.Engine.Input.UrlRow' = 'Each row given, with its verdict attached.' }
    Examples    = @(
        @{
            Title   = 'Check what a set of headers means for us'
            Code    = '''X-Robots-Tag: googlebot: noindex'', ''X-Robots-Tag: img2dataset: noai'' | ForEach-Object { $_ } | Set-Variable lines; Test-RobotsDirective -Header $lines'
            Remarks = 'The googlebot group does not apply to us; the img2dataset group does, so Allowed is False and Directives is "img2dataset: noai".'
        }
        @{
            Title   = 'Audit a URL list before downloading it'
            Code    = 'Import-UrlList ./urls.csv | Test-RobotsDirective -ThrottleLimit 32 | Where-Object Allowed -eq $false | Group-Object { $_.Verdict.Signal }'
            Remarks = 'Counts how many images each opt-out signal excludes, sending only HEAD requests.'
        }
        @{
            Title   = 'Audit, then download only what the audit allowed'
            Code    = 'Import-UrlList ./urls.csv -CaptionColumn caption | Test-RobotsDirective | Invoke-ImageDownload | Resize-DatasetImage | Export-WebDataset ./dataset'
            Remarks = 'Rows keep their keys, shards and captions; refused rows are not requested again and reach the metadata as failures with their opt-out evidence.'
        }
        @{
            Title   = 'Evaluate a dictionary of headers with robots-style custom directives'
            Code    = 'Test-RobotsDirective -Header @{ ''X-Robots-Tag'' = ''noml'' } -DisallowedHeaderDirectives noai, noml'
            Remarks = 'Any directive can be added to the disallowed set.'
        }
    )
}
