BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $server = Start-ImageServer -ServerPath (Get-TestImageServerPath) -FixturesFolder (Get-ReferenceFixture '.')
    $base = $server.BaseUrl

    function Get-Sample([string] $Path, [hashtable] $Options = @{}) {
        Invoke-ImageDownload "$base/$Path" -AllowPrivateNetwork | Resize-DatasetImage @Options
    }
}

AfterAll {
    Stop-ImageServer $server
}

Describe 'Resize-DatasetImage' {
    It 'makes <Mode> images of the reference sizes from downloaded photos' -ForEach @(
        @{ Mode = 'border'; Width = 256; Height = 256 }
        @{ Mode = 'keep_ratio'; Width = 341; Height = 256 }
        @{ Mode = 'keep_ratio_largest'; Width = 256; Height = 192 }
        @{ Mode = 'center_crop'; Width = 256; Height = 256 }
        @{ Mode = 'no'; Width = 640; Height = 480 }
    ) {
        $sample = Get-Sample 'images/640x480/3.jpg' @{ ResizeMode = $Mode }

        $sample.GetType().FullName | Should -Be 'Img2Dataset.Engine.Imaging.DatasetSample'
        $sample.Status | Should -Be 'success'
        "$($sample.Width)x$($sample.Height)" | Should -Be "${Width}x${Height}"
        "$($sample.OriginalWidth)x$($sample.OriginalHeight)" | Should -Be '640x480'
        $sample.Hash | Should -Match '^[0-9a-f]{64}$'
        $sample.Bytes[0..1] | Should -Be @(0xFF, 0xD8)
    }

    It 'encodes png and webp with the right magic bytes' {
        (Get-Sample 'images/100x80/1.jpg' @{ EncodeFormat = 'png' }).Bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
        (Get-Sample 'images/100x80/1.jpg' @{ EncodeFormat = 'webp'; EncodeQuality = 80 }).Bytes[8..11] | Should -Be ([byte[]][char[]]'WEBP')
    }

    It 'composites transparent png and webp over white' {
        $sample = Get-Sample 'images/64x64/2.png?variant=alpha' @{ ResizeMode = 'no'; EncodeFormat = 'png' }
        $sample.Status | Should -Be 'success'
        $sample.Width | Should -Be 64
    }

    It 'fails broken bodies with Image decoding error and passes failed downloads through' {
        $samples = @("$base/broken/truncated.jpg", "$base/broken/html.jpg", "$base/broken/empty.jpg", "$base/images/8x8/1.jpg?status=404", "$base/images/8x8/1.jpg?header=X-Robots-Tag:noai") |
            Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage | Sort-Object Key

        $samples.Status | Should -Be @('failed_to_resize', 'failed_to_resize', 'failed_to_resize', 'failed_to_download', 'failed_to_download')
        $samples[0..2].ErrorMessage | Should -Be @('Image decoding error', 'Image decoding error', 'Image decoding error')
        $samples[4].ErrorMessage | Should -Be 'Use of image disallowed by X-Robots-Tag directive'
        $samples | ForEach-Object { $_.Bytes | Should -BeNullOrEmpty }
    }

    It 'applies the size filters with the reference''s messages' {
        (Get-Sample 'images/100x50/1.jpg' @{ MinImageSize = 60 }).ErrorMessage | Should -Be 'image too small'
        (Get-Sample 'images/100x50/1.jpg' @{ MaxImageArea = 4000 }).ErrorMessage | Should -Be 'image area too large'
        (Get-Sample 'images/100x50/1.jpg' @{ MaxAspectRatio = 1.5 }).ErrorMessage | Should -Be 'aspect ratio too large'
        (Get-Sample 'images/100x50/1.jpg' @{ MaxPixels = 4000 }).ErrorMessage | Should -Match '^image too large to decode'
    }

    It 'keeps the original bytes with -SkipReencode when nothing changes them' {
        $download = Invoke-ImageDownload "$base/fixtures/resize_test_image/389_535.jpg" -AllowPrivateNetwork
        $sample = $download | Resize-DatasetImage -ResizeMode no -SkipReencode
        [Convert]::ToBase64String($sample.Bytes) | Should -Be ([Convert]::ToBase64String($download.Bytes))
    }

    It 'leaves everything as downloaded with -DisableAllReencoding' {
        $sample = Get-Sample 'images/100x80/1.png' @{ DisableAllReencoding = $true }
        $sample.Status | Should -Be 'success'
        $sample.Width | Should -BeNullOrEmpty
        $sample.Bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
    }

    It 'extracts EXIF like the reference' {
        $exif = (Get-Sample 'fixtures/resize_test_image/208_495.jpg').Exif | ConvertFrom-Json
        $exif.'Image Orientation' | Should -Be 'Horizontal (normal)'
        $exif.'EXIF ExifImageWidth' | Should -Be '208'
        (Get-Sample 'fixtures/resize_test_image/208_495.jpg' @{ ExtractExif = $false }).Exif | Should -BeNullOrEmpty
    }

    It 'blurs the boxes of the reference''s parquet fixture' {
        $list = Join-Path $TestDrive 'boxes.csv'
        [pscustomobject]@{ url = "$base/fixtures/blur_test_files/original.png"; boxes = '[[0.6015424, 0.41308412, 0.85604113, 0.61121494]]' } | Export-Csv $list -UseQuotes AsNeeded

        $blurred = Import-UrlList $list -BboxColumn boxes | Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ResizeMode no -EncodeFormat png
        $plain = Get-Sample 'fixtures/blur_test_files/original.png' @{ ResizeMode = 'no'; EncodeFormat = 'png' }

        $blurred.Status | Should -Be 'success'
        [Convert]::ToBase64String($blurred.Bytes) | Should -Not -Be ([Convert]::ToBase64String($plain.Bytes))
    }

    It 'refuses png with quality 95 and other bad options before any work' {
        { Get-Sample 'images/8x8/1.jpg' @{ EncodeFormat = 'png'; EncodeQuality = 95 } } |
            Should -Throw -ErrorId 'InvalidImageOption,Img2Dataset.PowerShell.Commands.ResizeDatasetImageCommand'
        { Get-Sample 'images/8x8/1.jpg' @{ ResizeMode = 'stretch' } } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Img2Dataset.PowerShell.Commands.ResizeDatasetImageCommand'
    }

    It 'transforms many images in parallel, one sample per download' {
        $output = @(0..23 | ForEach-Object { "$base/images/320x240/$_.jpg" } | Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ThrottleLimit 4 -Verbose 4>&1)
        $samples = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $samples.Count | Should -Be 24
        @($samples | Where-Object Status -eq 'success').Count | Should -Be 24
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Transforming on 4 threads; this process may run on * logical CPUs*' }).Count | Should -Be 1
    }

    It 'has ImageSharp compiled once, fully optimized, under the host''s default tiered JIT' {
        # The runtime's own list of every method it compiles (on standard output: a log file can be closed under a
        # compiling thread at exit), from a fresh pwsh that resizes one photo.
        $run = Invoke-PwshProcess "Import-Module '$(Get-TestModulePath)'; `$null = Invoke-ImageDownload '$base/images/640x480/3.jpg' -AllowPrivateNetwork | Resize-DatasetImage" @{ DOTNET_JitDisasmSummary = '1' }

        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $compiled = $run.Output -split "`n"
        $imageSharp = @($compiled | Where-Object { $_ -match 'JIT compiled SixLabors\.ImageSharp' })
        $imageSharp.Count | Should -BeGreaterThan 100
        # Static constructors run once and are left to the default tier.
        @($imageSharp | Where-Object { $_ -notmatch '\[FullOpts,' -and $_ -notmatch ':\.cctor\(' }) | Should -BeNullOrEmpty
    }

    It 'compiles the decode, resize and encode code before the first download upstream in the pipeline' {
        # The runtime's own list of the methods it compiles, in order, from a fresh pwsh resizing two downloads.
        $order = Get-TransformCompileOrder "Import-Module '$(Get-TestModulePath)'; `$null = '$base/images/320x240/5.jpg', '$base/images/320x240/6.jpg' | Invoke-ImageDownload -AllowPrivateNetwork | Resize-DatasetImage -ImageSize 32"

        $order.LastTransformLoop | Should -BeLessThan $order.FirstDownload -Because 'the JPEG decode, resize and encode loops are compiled before the first download'
    }

    It 'ships ImageSharp with every method but static constructors marked, saying so in the assembly' {
        $file = [IO.File]::OpenRead((Join-Path (Get-TestModulePath) 'Dependencies/SixLabors.ImageSharp.dll'))
        try {
            $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($file))
            $methods = @($metadata.MethodDefinitions | ForEach-Object { $metadata.GetMethodDefinition($_) } | Where-Object RelativeVirtualAddress -ne 0)
            $unmarked = @($methods | Where-Object { -not $_.ImplAttributes.HasFlag([Reflection.MethodImplAttributes]::AggressiveOptimization) } |
                ForEach-Object { $metadata.GetString($_.Name) } | Sort-Object -Unique)
            $notes = @($metadata.GetAssemblyDefinition().GetCustomAttributes() | ForEach-Object { $metadata.GetCustomAttribute($_) } |
                ForEach-Object { [Text.Encoding]::UTF8.GetString($metadata.GetBlobBytes($_.Value)) })
        }
        finally { $file.Dispose() }

        $methods.Count | Should -BeGreaterThan 10000
        $unmarked | Should -Be @('.cctor')
        $notes -match 'Img2Dataset\.Modified' | Should -Match 'AggressiveOptimization by Img2Dataset''s build; IL unchanged'
    }

    It 'shows samples as a Key, Status, Size, Original, Bytes table' {
        $table = Get-Sample 'images/100x80/1.jpg' | Out-String -Width 200
        $table | Should -Match 'Key\s+Status\s+Size\s+Original\s+Bytes\s+ErrorMessage'
        $table | Should -Match 'success\s+256x256\s+100x80'
    }
}
