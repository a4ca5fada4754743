namespace Img2Dataset.Engine.Input;

/// <summary>Why a whole URL list could not be read.</summary>
public enum UrlListErrorKind
{
    FileNotFound,
    UnknownFormat,
    MissingColumn,
    Malformed,
}
