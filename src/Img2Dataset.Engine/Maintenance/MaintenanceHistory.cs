using System.Text.Json;

namespace Img2Dataset.Engine.Maintenance;

/// <summary>The maintenance runs of a dataset, oldest first, as kept in <c>.img2dataset/maintenance.json</c>.</summary>
public static class MaintenanceHistory
{
    public const string FileName = "maintenance.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static List<MaintenanceRecord> Parse(byte[]? json, string source)
    {
        if (json is null)
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<MaintenanceRecord>>(json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not a maintenance history: {e.Message}", e);
        }
    }

    public static byte[] ToJson(IReadOnlyList<MaintenanceRecord> records) => JsonSerializer.SerializeToUtf8Bytes(records, Indented);

    /// <summary>The history of a local dataset folder; empty when none was kept.</summary>
    public static IReadOnlyList<MaintenanceRecord> Read(string folder)
    {
        var path = Path.Combine(Jobs.OutputFolderLayout.StateFolder(folder), FileName);
        return File.Exists(path) ? Parse(File.ReadAllBytes(path), path) : [];
    }
}
