using System.Globalization;
using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Storage;

/// <summary>Which shard an object of a dataset location belongs to, by the reference's names: NAME.tar, NAME.parquet, NAME.tfrecord, NAME/…, NAME_stats.json.</summary>
public static partial class ShardObjects
{
    public const string StatsSuffix = "_stats.json";

    /// <summary>The shard id of a name, with whether the name is the shard's stats; null for anything else.</summary>
    public static (int ShardId, bool IsStats)? Parse(string name)
    {
        var match = ShardName().Match(name);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (id, match.Groups[2].Value == StatsSuffix)
            : null;
    }

    [GeneratedRegex(@"^(\d+)(\.tar|\.parquet|\.tfrecord|_stats\.json|/[^/]+)?$")]
    private static partial Regex ShardName();
}
