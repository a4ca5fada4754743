namespace Img2Dataset.ImageServer;

/// <summary>A response body and the Content-Type it is served with.</summary>
public sealed record ServedBody(byte[] Bytes, string ContentType);
