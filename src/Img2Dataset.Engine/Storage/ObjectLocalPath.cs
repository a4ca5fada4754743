using System.Text.Encodings.Web;
using System.Text.Json;

namespace Img2Dataset.Engine.Storage;

/// <summary>
/// Where an object of a store is copied on this machine. Its name comes from the server's listing, so it is hostile
/// like everything from the network: a key such as <c>00000/../../x</c> or, on Windows, <c>00000/..\..\x</c> is a valid
/// object name that would resolve outside the folder it is copied into. Every name is held to what a file path built
/// from it cannot escape with, on every operating system alike (a dataset this module or the reference writes never
/// names anything else).
/// </summary>
public static class ObjectLocalPath
{
    /// <summary>Characters no segment may hold wherever the copy runs: Windows reads a backslash as a folder separator and a colon as a drive or stream.</summary>
    private static readonly char[] RefusedEverywhere = ['\\', ':'];

    /// <summary>The local path of <paramref name="name"/> inside <paramref name="folder"/>; throws when the name could leave it.</summary>
    /// <exception cref="InvalidDataException">The name has an empty, "." or ".." segment, a backslash, a colon or a control character.</exception>
    public static string In(string folder, string name, StorageLocation location)
    {
        if (Refusal(name) is { } refusal)
        {
            throw new InvalidDataException(
                $"The object \"{Printable(name)}\" of {location.Describe("")} cannot be copied to this machine: its name {refusal}, which could " +
                "place it outside the folder it is copied into. A dataset's objects are named NAME.tar, NAME/FILE and the like; this one was not written as one.");
        }
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var path = Path.GetFullPath(Path.Combine(root, name));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidDataException($"The object \"{Printable(name)}\" of {location.Describe("")} would be copied outside {root}.");
    }

    /// <summary>The name as it can be shown: control characters (a terminal's escape sequences among them) escaped.</summary>
    private static string Printable(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    private static string? Refusal(string name)
    {
        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return segment.Length == 0 ? "has an empty segment" : $"has a \"{segment}\" segment";
            }
            if (segment.IndexOfAny(RefusedEverywhere) >= 0 || segment.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || segment.Any(char.IsControl))
            {
                return $"has a character a file name cannot hold (in \"{Printable(segment)}\")";
            }
        }
        return null;
    }
}
