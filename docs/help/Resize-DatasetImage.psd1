@{
    Include     = '_ImageParameters'
    Synopsis    = 'Decodes, filters, resizes, blurs boxes of and re-encodes downloaded images on all cores, as img2dataset''s resizer does.'
    Description = @'
Resize-DatasetImage takes DownloadedImage records (from Invoke-ImageDownload) and emits one DatasetSample each: the
encoded image with Width, Height, OriginalWidth, OriginalHeight, Exif and the download's Hash, or Status
failed_to_resize with the reason. Failed downloads pass through unchanged. Images are transformed in parallel, one per
worker (-ThrottleLimit, default: the number of logical CPUs), with ImageSharp's own parallelism off.

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
        ThrottleLimit          = 'Images transformed at once (default: the number of logical CPUs).'
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
