using System.Diagnostics;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Policy.Embedded;
using Img2Dataset.ImageServer;

namespace Img2Dataset.Bench;

/// <summary>
/// The CPU the embedded-signal search costs per image, alone: the reader over a plain JPEG (the common case, no XMP,
/// no JUMBF), one with an XMP packet, one with a 70 KB C2PA store in three APP11 segments (the worst case), and the
/// GIF, TIFF and AVIF containers walked by their own readers.
/// </summary>
internal static class ConsentReadBenchmark
{
    public static int Run(int count)
    {
        var reader = new EmbeddedSignalReader(new OptOutPolicy());
        foreach (var name in new[] { "plain.jpg", "iptc-allowed.jpg", "c2pa-notallowed.jpg", "iptc-aimltraining.gif", "c2pa-notallowed.tif", "iptc-genai.avif" })
        {
            var image = EmbeddedSignalFixtures.Create(name)!;
            for (var i = 0; i < 200; i++)
            {
                reader.Read(image);
            }
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                reader.Read(image);
            }
            Console.WriteLine($"embedded signals read: {name} ({image.Length / 1024.0:N0} KB) {clock.Elapsed.TotalMicroseconds / count:N1} µs/image");
        }
        RobotsTxtChecks(count * 10);
        return 0;
    }

    /// <summary>What robots.txt costs each image once the file is held: the AI-crawler groups, and the preference lines, of the job's site file.</summary>
    private static void RobotsTxtChecks(int count)
    {
        var tokens = AiCrawlerTokens.Default;
        var robots = RobotsTxt.Parse(JobBenchmark.SiteRobotsTxt).Keep([OptOutPolicy.DefaultUserAgentToken, .. tokens]);
        var checks = new (string Name, Func<string, int> Check)[]
        {
            ("AI-crawler groups", path => robots.AiCrawlerRefusals(path, tokens).Count),
            ("Content-Usage and Content-Signal lines", path => robots.RefusedTraining(path, OptOutPolicy.DefaultUserAgentToken, OptOutSignal.ContentUsage).Count
                + robots.RefusedTraining(path, OptOutPolicy.DefaultUserAgentToken, OptOutSignal.ContentSignal).Count),
        };
        foreach (var (name, check) in checks)
        {
            var refused = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                refused += check($"/images/448x336/{i}.jpg?n={i}");
            }
            Console.WriteLine($"robots.txt {name} ({tokens.Count} crawlers' groups held): {clock.Elapsed.TotalMicroseconds / count:N2} µs/image, {refused} refused");
        }
    }
}
