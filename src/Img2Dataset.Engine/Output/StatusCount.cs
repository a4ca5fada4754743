namespace Img2Dataset.Engine.Output;

/// <summary>One row of a dataset's status table: a status ("success" or a failure's message) and how many rows had it.</summary>
public sealed record StatusCount(string Status, int Count)
{
    public override string ToString() => $"{Count} x {Status}";
}
