using System.Management.Automation;
using Img2Dataset.Engine.Input;

namespace Img2Dataset.PowerShell;

/// <summary>Stable error ids and categories for engine failures, so scripts can catch them by id.</summary>
internal static class ErrorRecords
{
    /// <summary>Runs engine set-up, turning an invalid option into a terminating InvalidArgument error with <paramref name="errorId"/>.</summary>
    public static T Configure<T>(this Cmdlet cmdlet, Func<T> create, string errorId)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, errorId, ErrorCategory.InvalidArgument, e.ParamName));
            throw;
        }
    }

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
