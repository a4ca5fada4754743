using System.Management.Automation;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// -Distributor takes only "multiprocessing"; pyspark and ray (a reference command line or config) are refused with
/// the way to spread a dataset over machines here, which ValidateSet's fixed message cannot say.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateDistributorAttribute : ValidateEnumeratedArgumentsAttribute
{
    public const string InProcess = "multiprocessing";

    protected override void ValidateElement(object element)
    {
        if (!InProcess.Equals(element?.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationMetadataException($"The distributor '{element}' is not available: a run is one process ({InProcess}). To spread a " +
                "dataset over machines, as pyspark or ray would, run the same command on each with -WorkerIndex and -WorkerCount (taken from " +
                "Azure Pipelines' parallel jobs and Kubernetes Indexed Jobs by themselves); see \"Coming from img2dataset\" in the README.");
        }
    }
}
