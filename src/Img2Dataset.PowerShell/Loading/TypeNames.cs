using System.Management.Automation;
using System.Runtime.CompilerServices;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Imaging;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Jobs;
using Img2Dataset.Engine.Output;
using Img2Dataset.Engine.Policy;

namespace Img2Dataset.PowerShell.Loading;

/// <summary>
/// Short type names for scripts and Pester's Should -BeOfType ([Img2Dataset.UrlRow]…). The engine lives in a private
/// load context, where PowerShell's type resolution does not look, so the names are registered as type accelerators
/// (the same table [pscustomobject] lives in), bound to the engine's own types: isolation stays intact.
/// </summary>
internal static class TypeNames
{
    private static readonly Type? Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IReadOnlyDictionary<string, Type> Engine() => new Dictionary<string, Type>
    {
        ["Img2Dataset.UrlRow"] = typeof(UrlRow),
        ["Img2Dataset.DownloadedImage"] = typeof(DownloadedImage),
        ["Img2Dataset.DatasetSample"] = typeof(DatasetSample),
        ["Img2Dataset.StoredSample"] = typeof(StoredSample),
        ["Img2Dataset.ShardSummary"] = typeof(ShardSummary),
        ["Img2Dataset.JobSummary"] = typeof(JobSummary),
        ["Img2Dataset.DatasetStatistics"] = typeof(DatasetStatistics),
        ["Img2Dataset.OptOutVerdict"] = typeof(OptOutVerdict),
        ["Img2Dataset.OptOutDecision"] = typeof(OptOutDecision),
    };

    public static void Register()
    {
        foreach (var (name, type) in Engine())
        {
            Accelerators?.GetMethod("Add", [typeof(string), typeof(Type)])?.Invoke(null, [name, type]);
        }
    }

    public static void Unregister()
    {
        foreach (var name in Engine().Keys)
        {
            Accelerators?.GetMethod("Remove", [typeof(string)])?.Invoke(null, [name]);
        }
    }
}
