@{
    Synopsis    = 'Downloads images concurrently, politely and safely, honouring opt-outs, and emits one DownloadedImage per input row.'
    Description = @'
Invoke-ImageDownload takes UrlRow records from Import-UrlList (or URL strings, or objects with a Url property) from the
pipeline and downloads them over one shared HTTP client, -ThreadCount at a time and at most -MaxConnectionsPerHost to
any one host. Results come out as they complete (unordered, like img2dataset), only on the pipeline thread; at most
about 2 x ThreadCount images are held in memory, whatever the input size. Ctrl+C stops promptly.

Every input row yields exactly one record: Status success with the bytes and their hash, or failed_to_download with the
error message: HTTP Error 404: Not Found, a DNS or connection error, Timed out after N s, response too large, hash
mismatch, a private address refused, or an opt-out ("Use of image disallowed by X-Robots-Tag directive" with the
matched directive in OptOut). The opt-out headers are judged before the body is read: a refused body is never
downloaded.

The timeout covers connect, headers and body. Transient failures (network errors, time-outs, 408, 429, 5xx) are retried
-Retries times with exponential back-off and jitter; Retry-After on 429/503 is waited for when it fits in the timeout.
A 404 or an opt-out is not retried. Redirects are followed up to 5 hops, http and https only.
'@
    Parameters  = @{
        InputObject                = 'UrlRow records from Import-UrlList, URL strings, or objects with a Url property. Plain URLs get keys in arrival order (000000000, 000000001, ...).'
        Retries                    = 'Extra attempts after a transient failure (default 0), with exponential back-off and jitter.'
        MaxBytes                   = 'Largest body accepted, in bytes (default 50 MB); a larger one fails with "response too large" and is not read further.'
        ComputeHash                = 'none, md5, sha256 (default) or sha512: the hex digest of the downloaded bytes, in Hash.'
        VerifyHash                 = 'Compare the hash with each row''s expected hash (Import-UrlList -HashColumn); a difference fails the row with "hash mismatch". Hex case is ignored.'
        DisallowedHeaderDirectives = 'X-Robots-Tag directives that exclude an image (default noai, noimageai, noindex, noimageindex). An empty array turns the X-Robots-Tag check off.'
        UserAgentToken             = 'The agent name scoped X-Robots-Tag and robots.txt groups are matched against (default img2dataset); sent in the User-Agent as "(compatible; TOKEN; +URL)".'
        IgnoreTdmReservation       = 'Do not exclude images whose response carries "tdm-reservation: 1".'
        RespectRobotsTxt           = 'Also obey each host''s robots.txt (RFC 9309), fetched once per host.'
        ThreadCount                = 'Downloads in flight at once (default 64: enough for one process to fill a fast link; img2dataset''s 256 is per process of many).'
        Timeout                    = 'Seconds one attempt may take, connect, headers and body together (default 10).'
        MaxConnectionsPerHost      = 'Requests in flight to one host at once (default 16), so no site is hammered and one slow site cannot take every slot.'
        AllowPrivateNetwork        = 'Allow downloads from loopback, private, link-local (such as 169.254.169.254) and unspecified addresses, refused by default. The check is made on the address actually connected to.'
        IgnoreSslCertificate       = 'Accept invalid TLS certificates.'
    }
    Inputs      = @{ 'Img2Dataset.Engine.Input.UrlRow' = 'Rows from Import-UrlList.'; 'System.String' = 'Image URLs.' }
    Outputs     = @{ 'Img2Dataset.Engine.Fetch.DownloadedImage' = 'Key, Url, Status, ErrorMessage, Bytes, Length, HttpStatus, ContentType, OptOut, HashKind, Hash, Attempts, Row.' }
    Examples    = @(
        @{
            Title   = 'Download a list and count outcomes'
            Code    = 'Import-UrlList ./urls.csv -CaptionColumn caption | Invoke-ImageDownload -ThreadCount 128 | Group-Object Status, ErrorMessage -NoElement'
            Remarks = 'Shows how many images succeeded and why the others failed.'
        }
        @{
            Title   = 'Verify expected hashes with retries'
            Code    = 'Import-UrlList ./urls.parquet -HashColumn sha256 | Invoke-ImageDownload -VerifyHash -Retries 2 | Where-Object Status -ne success'
            Remarks = 'Rows whose bytes differ from their expected sha256 fail with "hash mismatch".'
        }
    )
}
