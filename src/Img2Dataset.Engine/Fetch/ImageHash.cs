using System.Security.Cryptography;

namespace Img2Dataset.Engine.Fetch;

/// <summary>Lower-case hex digests of downloaded bytes, as img2dataset stores them.</summary>
public static class ImageHash
{
    public static string? Compute(HashKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        HashKind.None => null,
        HashKind.Md5 => Hex(MD5.HashData(bytes)),
        HashKind.Sha256 => Hex(SHA256.HashData(bytes)),
        HashKind.Sha512 => Hex(SHA512.HashData(bytes)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The metadata column name: md5, sha256 or sha512; null for none.</summary>
    public static string? ColumnName(HashKind kind) => kind == HashKind.None ? null : kind.ToString().ToLowerInvariant();

    public static HashKind Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => HashKind.None,
        "md5" => HashKind.Md5,
        "sha256" => HashKind.Sha256,
        "sha512" => HashKind.Sha512,
        _ => throw new ArgumentException($"Unsupported hash to compute: {name}; expected none, md5, sha256 or sha512.", nameof(name)),
    };

    private static string Hex(byte[] digest) => Convert.ToHexString(digest).ToLowerInvariant();
}
