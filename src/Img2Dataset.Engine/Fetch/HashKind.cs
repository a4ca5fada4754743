namespace Img2Dataset.Engine.Fetch;

/// <summary>The hash img2dataset computes of the downloaded bytes (<c>compute_hash</c>); its name is the metadata column.</summary>
public enum HashKind
{
    None,
    Md5,
    Sha256,
    Sha512,
}
