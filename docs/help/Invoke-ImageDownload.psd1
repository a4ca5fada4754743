@{
    Include     = '_NetworkParameters'
    Synopsis    = 'Downloads images concurrently, politely and safely, honouring opt-outs, and emits one DownloadedImage per input row.'
    Description = @'
Invoke-ImageDownload takes UrlRow records from Import-UrlList (or URL strings, or objects with a Url property) from the
pipeline and downloads them over one shared HTTP client, -ThrottleLimit at a time and at most -MaxConnectionsPerHost to
any one host. Results come out as they complete (unordered, like img2dataset), only on the pipeline thread; at most
about 2 x ThrottleLimit images are held in memory, whatever the input size. Ctrl+C stops promptly.

Every input row yields exactly one record: Status success with the bytes and their hash, or failed_to_download with the
error message: HTTP Error 404: Not Found, a DNS or connection error, Timed out after N s, response too large, hash
mismatch, a private address refused, or an opt-out ("Use of image disallowed by X-Robots-Tag directive" with the
matched directive in OptOut). The opt-out headers are judged before the body is read: a refused body is never
downloaded.

The timeout covers connect, headers and body. Transient failures (network errors, time-outs, 408, 429, 5xx) are retried
-MaximumRetryCount times with exponential back-off and jitter; Retry-After on 429/503 is waited for when it fits in the timeout.
A 404 or an opt-out is not retried. Redirects are followed up to 5 hops, http and https only.
'@
    Parameters  = @{
        InputObject                = 'UrlRow records from Import-UrlList, URL strings, or objects with a Url property (such as Import-Csv''s): their Caption property becomes the caption and every other property an additional metadata column, as the first object has them. Plain URLs and objects get keys in arrival order (000000000, 000000001, ...).'
        ComputeHash                = 'none, md5, sha256 (default) or sha512: the hex digest of the downloaded bytes, in Hash.'
        VerifyHash                 = 'Compare the hash with each row''s expected hash (Import-UrlList -HashColumn); a difference fails the row with "hash mismatch". Hex case is ignored.'
    }
    Inputs      = @{ 'Img2Dataset.Engine.Input.UrlRow' = 'Rows from Import-UrlList.'; 'System.String' = 'Image URLs.' }
    Outputs     = @{ 'Img2Dataset.Engine.Fetch.DownloadedImage' = 'Key, Url, Status, ErrorMessage, Bytes, Length, HttpStatus, ContentType, OptOut, HashKind, Hash, Attempts, Row.' }
    Examples    = @(
        @{
            Title   = 'Download a list and count outcomes'
            Code    = 'Import-UrlList ./urls.csv -CaptionColumn caption | Invoke-ImageDownload -ThrottleLimit 128 | Group-Object Status, ErrorMessage -NoElement'
            Remarks = 'Shows how many images succeeded and why the others failed.'
        }
        @{
            Title   = 'Verify expected hashes with retries'
            Code    = 'Import-UrlList ./urls.parquet -HashColumn sha256 | Invoke-ImageDownload -VerifyHash -MaximumRetryCount 2 | Where-Object Status -ne success'
            Remarks = 'Rows whose bytes differ from their expected sha256 fail with "hash mismatch".'
        }
    )
}
