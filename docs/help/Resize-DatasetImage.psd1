@{
    Synopsis    = 'Decodes, filters, resizes, blurs boxes of and re-encodes downloaded images on all cores, as img2dataset''s resizer does.'
    Description = @'
Resize-DatasetImage takes DownloadedImage records (from Invoke-ImageDownload) and emits one DatasetSample each: the
encoded image with Width, Height, OriginalWidth, OriginalHeight, Exif and the download's Hash, or Status
failed_to_resize with the reason. Failed downloads pass through unchanged. Images are transformed in parallel, one per
worker (-ThrottleLimit, default: the number of cores), with ImageSharp's own parallelism off.

The header is read first: the size filters (-MinImageSize "image too small", -MaxImageArea "image area too large",
-MaxAspectRatio "aspect ratio too large") and the decompression-bomb limit (-MaxPixels) reject an image before any
pixel is decoded. Undecodable, truncated or non-image bodies fail with "Image decoding error". Pixels are decoded
straight to 8-bit grey or RGB; transparency is composited over white; CMYK and 16-bit images are converted; EXIF
orientation is applied (the reference leaves photos rotated).

Resize modes: border (fit the longer side, pad to a white square), keep_ratio (shorter side to -ImageSize),
keep_ratio_largest (longer side to -ImageSize), center_crop (shorter side, then the centre square), no. Boxes of the
row (Import-UrlList -BboxColumn) are blurred after scaling and before padding or cropping, exactly as the reference.
'@
    Parameters  = @{
        InputObject            = 'DownloadedImage records, usually piped from Invoke-ImageDownload.'
        ImageSize              = 'Target size in pixels (default 256); its meaning depends on -ResizeMode.'
        ResizeMode             = 'no, border (default), keep_ratio, keep_ratio_largest or center_crop.'
        ResizeOnlyIfBigger     = 'Never enlarge: images not bigger than the target are left as they are (no padding or cropping either).'
        UpscaleInterpolation   = 'Resampling when enlarging (default lanczos): nearest, linear/bilinear, cubic/bicubic, area, lanczos/lanczos4. lanczos4 maps to ImageSharp''s Lanczos3.'
        DownscaleInterpolation = 'Resampling when shrinking (default area, box averaging).'
        EncodeFormat           = 'jpg (default), png or webp; also the file extension and column name in datasets.'
        EncodeQuality          = 'JPEG/WebP quality 0-100 (default 95); for png the compression level 0-9 (default 9). JPEG uses 4:2:0 chroma subsampling as libjpeg does.'
        SkipReencode           = 'Keep the original bytes when nothing changes them (no resize, no blur, no alpha, no rotation) and they already are in -EncodeFormat.'
        DisableAllReencoding   = 'Keep the downloaded bytes untouched: no decoding, no filters, sizes left empty.'
        MinImageSize           = 'Reject images whose shorter side is smaller (default 0).'
        MaxImageArea           = 'Reject images with more pixels than this (default: no limit).'
        MaxAspectRatio         = 'Reject images whose longer/shorter side ratio is larger (default: no limit).'
        ExtractExif            = 'Store EXIF tags as a JSON object string (default $true).'
        MaxPixels              = 'Refuse images with more pixels than this from their header, before decoding (default 100 megapixels).'
        ThrottleLimit          = 'Images transformed at once (default: the number of cores).'
    }
    Inputs      = @{ 'Img2Dataset.Engine.Fetch.DownloadedImage' = 'Results of Invoke-ImageDownload.' }
    Outputs     = @{ 'Img2Dataset.Engine.Imaging.DatasetSample' = 'Key, Url, Caption, Status, ErrorMessage, Bytes, EncodeFormat, Width, Height, OriginalWidth, OriginalHeight, Exif, Hash, Download.' }
    Examples    = @(
        @{
            Title   = 'Download and resize to 256x256 squares'
            Code    = 'Import-UrlList ./urls.csv | Invoke-ImageDownload | Resize-DatasetImage -ImageSize 256 -ResizeMode border | Group-Object Status'
            Remarks = 'Counts successes, failed downloads and failed resizes.'
        }
        @{
            Title   = 'WebP crops, skipping small images'
            Code    = 'Import-UrlList ./urls.parquet | Invoke-ImageDownload | Resize-DatasetImage -ResizeMode center_crop -ImageSize 512 -EncodeFormat webp -EncodeQuality 90 -MinImageSize 200'
            Remarks = 'Images with a side under 200 pixels fail with "image too small".'
        }
    )
}
