# Corporate proxies: the proxy's private address is exempt from the private-network guard, the target is not.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    # The test image server answers requests in proxy form too, and counts them.
    $proxyServer = Start-ImageServer -ServerPath (Get-TestImageServerPath)
    $proxy = $proxyServer.BaseUrl

    function Get-ProxiedCount { (Invoke-RestMethod "$proxy/_control/peak?group=proxied").requests }
}

AfterAll {
    Stop-ImageServer $proxyServer
}

Describe 'Proxies' {
    It 'downloads through -Proxy on a private address while the guard stays on' {
        $before = Get-ProxiedCount

        $image = Invoke-ImageDownload 'http://images.invalid/images/8x8/1.jpg' -Proxy $proxy

        $image.Status | Should -Be 'success'
        # The image and the site's two consent files (robots.txt for its AI preferences, tdmrep.json), all proxied.
        Get-ProxiedCount | Should -Be ($before + 3)
    }

    It 'still refuses a private target through the proxy' {
        $image = Invoke-ImageDownload 'http://127.0.0.1:9/images/8x8/1.jpg' -Proxy $proxy

        $image.ErrorMessage | Should -BeLike 'Refused to connect to 127.0.0.1*'
    }

    It 'answers the proxy''s challenge with -ProxyCredential' {
        $credential = [pscredential]::new('user', (ConvertTo-SecureString 'pass' -AsPlainText -Force))
        $url = 'http://images.invalid/images/8x8/2.jpg?proxyAuth=1'

        (Invoke-ImageDownload $url -Proxy $proxy).ErrorMessage | Should -BeLike 'HTTP Error 407*'
        (Invoke-ImageDownload $url -Proxy $proxy -ProxyCredential $credential).Status | Should -Be 'success'
    }

    It 'uses HTTP_PROXY from the environment, and goes direct with -NoProxy' {
        $result = Invoke-FreshPwsh @"
`$env:HTTP_PROXY = '$proxy'
Import-Module '$modulePath'
@{ Proxied = (Invoke-ImageDownload 'http://images.invalid/images/8x8/3.jpg').Status
   Direct = (Invoke-ImageDownload 'http://images.invalid/images/8x8/3.jpg' -NoProxy).Status } | ConvertTo-Json
"@
        $result.Proxied | Should -Be 'success'
        $result.Direct | Should -Be 'failed_to_download'
    }
}
