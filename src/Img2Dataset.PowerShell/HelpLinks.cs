namespace Img2Dataset.PowerShell;

/// <summary>Where Get-Help -Online sends a reader: the README section of each cmdlet.</summary>
internal static class HelpLinks
{
    public const string Readme = "https://github.com/img2dataset-powershell/Img2Dataset/blob/main/README.md";
    public const string Job = Readme + "#invoke-img2dataset-the-whole-job-in-one-call";
    public const string Input = Readme + "#import-urllist";
    public const string Download = Readme + "#invoke-imagedownload";
    public const string Resize = Readme + "#resize-datasetimage";
    public const string Export = Readme + "#export-webdataset-export-imagefolder-export-parquetdataset-export-tfrecorddataset";
    public const string Report = Readme + "#export-datasetreport-see-the-dataset";
    public const string OptOuts = Readme + "#opt-outs-which-signal-on-which-hop-and-the-evidence-it-leaves";
}
