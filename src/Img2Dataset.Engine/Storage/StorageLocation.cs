namespace Img2Dataset.Engine.Storage;

/// <summary>
/// A location as a user writes it: a local path, <c>az://container/prefix</c> (the account from the environment),
/// <c>https://account.blob.core.windows.net/container/prefix[?sas]</c> (or an emulator's path-style
/// <c>http://127.0.0.1:10000/account/container/prefix</c>), or <c>s3://bucket/prefix</c>. The prefix has no leading
/// or trailing slash; an empty prefix is the container's or bucket's root.
/// </summary>
public sealed record StorageLocation(StorageKind Kind, string Text, string Container, string Prefix, Uri? ServiceUri = null, string? Sas = null)
{
    public bool IsRemote => Kind != StorageKind.Local;

    /// <summary>The key of <paramref name="name"/> under the prefix; the empty name is the prefix itself (a single object).</summary>
    public string Key(string name) => Prefix.Length == 0 ? name : name.Length == 0 ? Prefix : $"{Prefix}/{name}";

    /// <summary>What every key under the location starts with: the prefix as a folder.</summary>
    public string Root => Prefix.Length == 0 ? "" : Prefix + "/";

    /// <summary>The location of <paramref name="name"/>, as the user would write it (for messages and summaries).</summary>
    public string Describe(string name) => Kind == StorageKind.Local ? Path.Combine(Text, name) : $"{WithoutSas(Text).TrimEnd('/')}/{name}";

    /// <summary>The location without its SAS, for messages.</summary>
    public override string ToString() => Redact(Text);

    public static bool IsRemoteText(string text) => Parse(text).IsRemote;

    /// <summary>
    /// The location as it may be shown or saved: a blob URL's SAS (a credential) is replaced by <c>?&lt;SAS&gt;</c>;
    /// anything else is returned as it is.
    /// </summary>
    public static string Redact(string text) =>
        Parse(text) is { Sas: not null } ? WithoutSas(text) + "?<SAS>" : text;

    /// <summary>The location without a blob URL's SAS: how rows name a remote list, and what identifies a location.</summary>
    public static string WithoutSas(string text) =>
        Parse(text) is { Sas: not null } ? text[..text.IndexOf('?')] : text;

    public static StorageLocation Parse(string text)
    {
        if (text.StartsWith("az://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var (container, prefix) = Split(text[5..]);
            return new StorageLocation(text[..2].Equals("az", StringComparison.OrdinalIgnoreCase) ? StorageKind.AzureBlob : StorageKind.S3, text, container, prefix);
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && IsBlobService(uri))
        {
            // Account-style hosts (account.blob.core.windows.net) start with the container; emulators are path-style.
            var path = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
            var accountInPath = !uri.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase);
            var segments = path.Split('/', accountInPath ? 3 : 2);
            var serviceRoot = accountInPath ? $"{uri.GetLeftPart(UriPartial.Authority)}/{segments[0]}" : uri.GetLeftPart(UriPartial.Authority);
            var rest = accountInPath ? string.Join('/', segments.Skip(1)) : path;
            var (container, prefix) = Split(rest);
            var sas = uri.Query.Length > 1 ? uri.Query[1..] : null;
            return new StorageLocation(StorageKind.AzureBlob, text, container, prefix, new Uri(serviceRoot), sas);
        }
        return new StorageLocation(StorageKind.Local, text, "", "");
    }

    /// <summary>
    /// A URL of a blob service: an account host (account.blob.core.windows.net, or a sovereign cloud's
    /// account.blob.…), or an emulator on a loopback or IP host, path-style (account/container[/prefix]), as Azurite serves.
    /// </summary>
    private static bool IsBlobService(Uri uri) =>
        uri.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase)
        || ((uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _)) && uri.AbsolutePath.Trim('/').Split('/').Length >= 2);

    private static (string Container, string Prefix) Split(string path)
    {
        var parts = path.Trim('/').Split('/', 2);
        return (parts[0], parts.Length > 1 ? parts[1].Trim('/') : "");
    }
}
