@{
    # Help of the image parameters shared by Resize-DatasetImage and Invoke-Img2Dataset.
    Parameters = @{
        ImageSize              = 'Target size in pixels (default 256); its meaning depends on -ResizeMode.'
        ResizeMode             = 'no, border (default), keep_ratio, keep_ratio_largest or center_crop.'
        ResizeOnlyIfBigger     = 'Never enlarge: images not bigger than the target are left as they are (no padding or cropping either).'
        UpscaleInterpolation   = 'Resampling when enlarging (default lanczos): nearest, linear/bilinear, cubic/bicubic, area, lanczos/lanczos4. lanczos and lanczos4 are OpenCV''s INTER_LANCZOS4, pixel for pixel, as the reference; nearest, linear and cubic are ImageSharp''s.'
        DownscaleInterpolation = 'Resampling when shrinking (default area: OpenCV''s INTER_AREA, pixel for pixel, as the reference). The others as -UpscaleInterpolation.'
        EncodeFormat           = 'jpg (default), png or webp; also the file extension and column name in datasets.'
        EncodeQuality          = 'JPEG/WebP quality 0-100 (default 95); for png the compression level 0-9 (default 9). JPEG uses 4:2:0 chroma subsampling as libjpeg does.'
        ShrinkOnLoad           = 'Decode a JPEG that is at least twice its scaled size at 1/2, 1/4 or 1/8 scale first (libjpeg-turbo''s scaled decode, through SkiaSharp), then resize and encode as usual: about a fifth to a third less CPU per photograph, pixels further from the reference''s (PSNR in README, Benchmarks). Grey JPEGs stay one byte a pixel and EXIF-rotated ones are oriented as usual; not for images with boxes to blur; every limit is checked on the header before; where Skia''s native library cannot load, images are decoded in full.'
        SkipReencode           = 'Keep the original bytes when nothing changes them (no resize, no blur, no alpha, no rotation) and they already are in -EncodeFormat.'
        DisableAllReencoding   = 'Keep the downloaded bytes untouched: no decoding, no filters, sizes left empty.'
        MinImageSize           = 'Reject images whose shorter side is smaller (default 0).'
        MaxImageArea           = 'Reject images with more pixels than this (default: no limit).'
        MaxAspectRatio         = 'Reject images whose longer/shorter side ratio is larger (default: no limit).'
        ExtractExif            = 'Store EXIF tags as a JSON object string: on by default, as in the reference; -ExtractExif:$false (or extract_exif: false in a config file) turns it off.'
        NoExif                 = 'Do not store EXIF tags (the same as -ExtractExif:$false).'
        MaxPixels              = 'Refuse images with more pixels than this from their header, before decoding (default 100 megapixels).'
    }
}
