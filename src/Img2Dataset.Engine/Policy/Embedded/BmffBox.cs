namespace Img2Dataset.Engine.Policy.Embedded;

/// <summary>One ISO BMFF box: its four-character type and its payload (after the size and type, and the 64-bit size when there is one).</summary>
internal readonly record struct BmffBox(string Type, ReadOnlyMemory<byte> Payload);
