using System.Management.Automation;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.PowerShell;

/// <summary>Stable error ids and categories for engine failures, so scripts can catch them by id.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(UrlListException e) => new(
        e,
        e.Kind switch
        {
            UrlListErrorKind.FileNotFound => "UrlListNotFound",
            UrlListErrorKind.UnknownFormat => "UnknownInputFormat",
            UrlListErrorKind.MissingColumn => "MissingColumn",
            _ => "MalformedUrlList",
        },
        e.Kind switch
        {
            UrlListErrorKind.FileNotFound => ErrorCategory.ObjectNotFound,
            UrlListErrorKind.UnknownFormat => ErrorCategory.InvalidArgument,
            _ => ErrorCategory.InvalidData,
        },
        e.Line is { } line ? $"{e.FilePath}:{line}" : e.FilePath);
}
