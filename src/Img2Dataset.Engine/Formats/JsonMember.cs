namespace Img2Dataset.Engine.Formats;

/// <summary>A member of a JSON object: its name, its value as a plain CLR value, and its JSON text (for messages).</summary>
public sealed record JsonMember(string Name, object? Value, string RawText);
