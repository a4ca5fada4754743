@{
    # Help of the network and opt-out parameters shared by Invoke-ImageDownload, Invoke-Img2Dataset and Test-RobotsDirective.
    Parameters = @{
        MaximumRetryCount          = 'Also -Retries (the reference''s retries). Extra attempts after a transient failure (default 0), with exponential back-off and jitter.'
        MaxBytes                   = 'Largest body accepted, in bytes (default 50 MB); a larger one fails with "response too large" and is not read further.'
        MaxBytesInFlight           = 'Bytes of image bodies the whole run holds at once, from the first byte downloaded until the image is written or dropped (default 256 MB). A body waits for room within its timeout; one larger than this budget fails with "response too large". Bounds memory whatever the servers send.'
        DisallowedHeaderDirectives = 'X-Robots-Tag directives that exclude an image (default noai, noimageai, noindex, noimageindex). An empty array turns the X-Robots-Tag check off.'
        UserAgentToken             = 'The agent name scoped X-Robots-Tag and robots.txt groups are matched against (default img2dataset); sent in the User-Agent as "(compatible; TOKEN; +URL)".'
        IgnoreTdmReservation       = 'Do not honour the W3C TDM Reservation Protocol at all: neither "tdm-reservation: 1" in a response nor the site''s /.well-known/tdmrep.json (which is then not requested). Reservations seen in responses are kept as ignored evidence.'
        IgnoreTdmRepFile           = 'Do not read each site''s /.well-known/tdmrep.json (read once per site by default; a rule with "tdm-reservation": 1 for the image''s path refuses it unless the response''s own tdm-reservation header says otherwise). The tdm-reservation header is still honoured.'
        IgnoreContentUsage         = 'Do not exclude images whose Content-Usage response header, or a Content-Usage rule of the site''s robots.txt, says train-ai=n (IETF AI preferences, draft-ietf-aipref-attach-05 and draft-ietf-aipref-vocab-07). What was seen is kept as ignored evidence.'
        IgnoreContentSignal        = 'Do not exclude images under a robots.txt Content-Signal line saying ai-train=no (draft-romm-aipref-contentsignals-00). Kept as ignored evidence when robots.txt is read anyway.'
        IgnoreIptcDataMining       = 'Do not search downloaded images'' XMP for the IPTC Data Mining property (plus:DataMining); by default a prohibiting value (DMI-PROHIBITED, DMI-PROHIBITED-AIMLTRAINING, DMI-PROHIBITED-GENAIMLTRAINING, DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING, DMI-PROHIBITED-SEEOTHERPROPERTY) discards the image.'
        IgnoreC2paTrainingMining   = 'Do not search downloaded images'' C2PA manifest store for the training-and-mining assertion (c2pa.training-mining, cawg.training-mining); by default notAllowed for AI training, generative AI training or data mining discards the image. Signatures are not validated.'
        RespectRobotsTxt           = 'Also obey the Allow and Disallow rules of each host''s robots.txt (RFC 9309). robots.txt is fetched once per host by default anyway, for the AI preferences it carries (Content-Usage, Content-Signal); with -IgnoreContentUsage and -IgnoreContentSignal and without this switch it is not requested.'
        ThrottleLimit              = 'Also -ThreadCount (the reference''s thread_count). Downloads in flight at once (default 64: enough for one process to fill a fast link; img2dataset''s 256 is per process of many).'
        Timeout                    = 'Seconds one attempt may take, connect, headers and body together (default 10).'
        MaxConnectionsPerHost      = 'Requests in flight to one host at once (default 16), so no site is hammered and one slow site cannot take every slot.'
        AllowPrivateNetwork        = 'Allow downloads from loopback, private, link-local (such as 169.254.169.254) and unspecified addresses, refused by default. The check is made on the address actually connected to.'
        Proxy                      = 'The proxy every request goes through, as Invoke-WebRequest -Proxy. Without it the environment''s HTTP_PROXY, HTTPS_PROXY and NO_PROXY apply. The proxy''s own address is exempt from the private-network guard (corporate proxies live on private networks); each request''s target host is still checked, unless it resolves only at the proxy.'
        ProxyCredential            = 'The user name and password the proxy asks for (Get-Credential).'
        ProxyUseDefaultCredentials = 'Answer the proxy''s challenge with the current user''s credentials (Windows integrated authentication).'
        NoProxy                    = 'Go direct, ignoring HTTP_PROXY and HTTPS_PROXY.'
        SkipCertificateCheck       = 'Also -IgnoreSslCertificate (the reference''s ignore_ssl_certificate). Accept invalid TLS certificates.'
    }
}
