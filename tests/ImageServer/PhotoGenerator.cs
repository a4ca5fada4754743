using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using System.Numerics;

namespace Img2Dataset.ImageServer;

/// <summary>
/// Deterministic images that codecs treat like photographs: smooth gradients, soft blobs and sensor-like noise.
/// Flat colours would compress to almost nothing and make benchmark figures meaningless.
/// </summary>
public static class PhotoGenerator
{
    public static Image<Rgba32> Create(int width, int height, int seed, bool withAlpha)
    {
        var random = new Random(seed);
        var corners = Enumerable.Range(0, 4).Select(_ => RandomColor(random)).ToArray();
        var blobs = Enumerable.Range(0, 6).Select(_ => Blob.Random(random, width, height)).ToArray();
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    row[x] = Pixel(x, y, width, height, corners, blobs, random, withAlpha);
                }
            }
        });
        return image;
    }

    private static Rgba32 Pixel(int x, int y, int width, int height, Vector3[] corners, Blob[] blobs, Random random, bool withAlpha)
    {
        var u = width > 1 ? x / (float)(width - 1) : 0f;
        var v = height > 1 ? y / (float)(height - 1) : 0f;
        var colour = Vector3.Lerp(Vector3.Lerp(corners[0], corners[1], u), Vector3.Lerp(corners[2], corners[3], u), v);
        foreach (var blob in blobs)
        {
            colour = Vector3.Lerp(colour, blob.Colour, blob.Weight(x, y));
        }
        var noise = (float)(random.NextDouble() + random.NextDouble() - 1.0) * 24f;
        var alpha = withAlpha ? (byte)Math.Clamp(255 * (1 - u * v), 0, 255) : (byte)255;
        return new Rgba32(Channel(colour.X + noise), Channel(colour.Y + noise), Channel(colour.Z + noise), alpha);
    }

    private static byte Channel(float value) => (byte)Math.Clamp(value, 0f, 255f);

    private static Vector3 RandomColor(Random random) =>
        new(random.Next(20, 236), random.Next(20, 236), random.Next(20, 236));

    private readonly record struct Blob(float CenterX, float CenterY, float Radius, Vector3 Colour)
    {
        public static Blob Random(Random random, int width, int height) => new(
            random.Next(width), random.Next(height), Math.Max(2, random.Next(Math.Max(3, Math.Min(width, height) / 2))),
            RandomColor(random));

        public float Weight(int x, int y)
        {
            var dx = x - CenterX;
            var dy = y - CenterY;
            var distance = MathF.Sqrt(dx * dx + dy * dy) / Radius;
            return distance >= 1 ? 0 : 0.8f * (1 - distance * distance);
        }
    }
}
