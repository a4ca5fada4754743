namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>One block of embedded metadata, with where it sits in the file (as "JPEG APP1"), for the evidence.</summary>
public readonly record struct MetadataBlock(MetadataBlockKind Kind, ReadOnlyMemory<byte> Bytes, string Location);
