using System.Globalization;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>The instants maintenance writes into a sample's evidence, as ISO 8601 UTC to the second.</summary>
internal static class Timestamps
{
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
