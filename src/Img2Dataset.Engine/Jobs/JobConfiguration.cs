using System.Text.Json;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Storage;

namespace Img2Dataset.Engine.Jobs;

/// <summary>
/// The effective options of a job under img2dataset's snake_case names, saved as <c>OUT/.img2dataset/config.json</c>
/// (out of the reference's <c>*.json</c> glob) so that a dataset says how it was made and the job can be resumed from
/// that file: its incremental_mode is always "incremental", since re-running an overwrite or an extend from it must
/// resume the dataset, not delete or duplicate it. Paths inside a local output folder are written relative to it
/// (the output folder itself as "."), so the file resumes a copy of the dataset (a CI artifact, a folder moved to
/// another machine) where it is, not the original.
/// </summary>
public static class JobConfiguration
{
    public const string FileName = "config.json";

    public static Dictionary<string, object?> ToDictionary(JobOptions options)
    {
        var input = options.Input;
        var fetch = options.Download.Fetch;
        var image = options.Image;
        var hash = ImageHash.ColumnName(options.Download.ComputeHash);
        var local = !StorageLocation.IsRemoteText(options.OutputFolder);
        // A SAS is a credential: it is never saved.
        string Portable(string path) => (local ? LocalPaths.RelativeWithin(options.OutputFolder, path) : null) ?? StorageLocation.Redact(path);
        return new Dictionary<string, object?>
        {
            ["url_list"] = options.UrlList.Select(Portable).ToArray(),
            ["output_folder"] = Portable(options.OutputFolder),
            ["input_format"] = input.Format?.ToString(),
            ["url_col"] = input.UrlColumn,
            ["caption_col"] = input.CaptionColumn,
            ["bbox_col"] = input.BboxColumn,
            ["verify_hash"] = options.Download.VerifyHash ? new[] { input.HashColumn, hash } : null,
            ["compute_hash"] = hash,
            ["save_additional_columns"] = input.AdditionalColumns,
            ["number_sample_per_shard"] = input.SamplesPerShard,
            ["oom_shard_count"] = input.ShardCountDigits,
            ["image_size"] = image.ImageSize,
            ["resize_mode"] = ImagingNames.ResizeModes[(int)image.ResizeMode],
            ["resize_only_if_bigger"] = image.ResizeOnlyIfBigger,
            ["upscale_interpolation"] = image.UpscaleInterpolation,
            ["downscale_interpolation"] = image.DownscaleInterpolation,
            ["encode_format"] = ImagingNames.Extension(image.EncodeFormat),
            ["encode_quality"] = image.EncodeQuality,
            ["skip_reencode"] = image.SkipReencode,
            ["shrink_on_load"] = image.ShrinkOnLoad,
            ["disable_all_reencoding"] = image.DisableAllReencoding,
            ["min_image_size"] = image.MinImageSize,
            ["max_image_area"] = Finite(image.MaxImageArea),
            ["max_aspect_ratio"] = Finite(image.MaxAspectRatio),
            ["max_pixels"] = image.MaxPixels,
            ["extract_exif"] = image.ExtractExif,
            ["output_format"] = options.OutputFormat.ToString().ToLowerInvariant(),
            ["reference_schema"] = options.MetadataSchema == Output.MetadataSchema.Reference,
            ["thread_count"] = fetch.ThreadCount,
            ["processes_count"] = options.ProcessesCount,
            ["timeout"] = fetch.Timeout.TotalSeconds,
            ["retries"] = fetch.Retries,
            ["max_bytes"] = fetch.MaxBytes,
            ["max_bytes_in_flight"] = fetch.MaxBytesInFlight,
            ["max_connections_per_host"] = fetch.MaxConnectionsPerHost,
            ["allow_private_network"] = fetch.AllowPrivateNetwork,
            ["ignore_ssl_certificate"] = fetch.IgnoreSslCertificate,
            ["incremental_mode"] = "incremental",
            ["max_shard_retry"] = options.MaxShardRetry,
            ["user_agent_token"] = options.Download.OptOut.UserAgentToken,
            ["disallowed_header_directives"] = options.Download.OptOut.DisallowedDirectives,
            ["ignore_tdm_reservation"] = !options.Download.OptOut.RespectTdmReservation,
            ["respect_robots_txt"] = options.Download.OptOut.RespectRobotsTxt,
            ["ignore_tdmrep_file"] = !options.Download.OptOut.RespectTdmRepFile,
            ["ignore_ai_crawler_rules"] = !options.Download.OptOut.RespectAiCrawlerRules,
            ["ai_crawler_token"] = options.Download.OptOut.CrawlerTokens(),
            ["ignore_content_usage"] = !options.Download.OptOut.RespectContentUsage,
            ["ignore_content_signal"] = !options.Download.OptOut.RespectContentSignal,
            ["ignore_iptc_data_mining"] = !options.Download.OptOut.RespectIptcDataMining,
            ["ignore_c2pa_training_mining"] = !options.Download.OptOut.RespectC2paTrainingMining,
        };
    }

    public static string PathIn(string outputFolder) => Path.Combine(OutputFolderLayout.StateFolder(outputFolder), FileName);

    public static void Write(string outputFolder, JobOptions options) =>
        File.WriteAllText(PathIn(outputFolder),
            JsonSerializer.Serialize(ToDictionary(options), new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>JSON has no infinity: "no limit" is written as null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
