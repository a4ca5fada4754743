using System.Diagnostics;
using Img2Dataset.Engine.Policy;
using Img2Dataset.Engine.Policy.Embedded;
using Img2Dataset.ImageServer;

namespace Img2Dataset.Bench;

/// <summary>
/// The CPU the embedded-signal search costs per image, alone: the reader over a plain JPEG (the common case, no XMP,
/// no JUMBF), one with an XMP packet, and one with a 70 KB C2PA store in three APP11 segments (the worst case).
/// </summary>
internal static class ConsentReadBenchmark
{
    public static int Run(int count)
    {
        var reader = new EmbeddedSignalReader(new OptOutPolicy());
        foreach (var name in new[] { "plain.jpg", "iptc-allowed.jpg", "c2pa-notallowed.jpg" })
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
        return 0;
    }
}
