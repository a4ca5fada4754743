@{
    RootModule           = 'Img2Dataset.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '0ebc4ecb-4e95-4b0f-a823-575bd35c26e6'
    Author               = 'Img2Dataset contributors'
    CompanyName          = 'Img2Dataset contributors'
    Copyright            = '(c) 2026 Img2Dataset contributors. MIT License.'
    Description          = 'Turns large lists of image URLs into machine learning datasets (WebDataset, Parquet, TFRecord, folders), honouring creators'' opt-outs. A PowerShell port of img2dataset.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Img2Dataset.format.ps1xml')
    CmdletsToExport      = @(
        'Invoke-Img2Dataset', 'Import-UrlList', 'Invoke-ImageDownload', 'Resize-DatasetImage', 'Test-RobotsDirective',
        'Export-WebDataset', 'Export-ImageFolder', 'Export-ParquetDataset', 'Export-TFRecordDataset',
        'Get-DatasetSample', 'Get-DatasetStatistics', 'Get-DatasetMetadata', 'Remove-DatasetSample', 'Update-DatasetConsent',
        'Export-DatasetReport'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('img2dataset', 'dataset', 'machine-learning', 'webdataset', 'parquet', 'tfrecord', 'images', 'download', 'opt-out',
                'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/img2dataset-powershell/Img2Dataset'
            LicenseUri   = 'https://github.com/img2dataset-powershell/Img2Dataset/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- Every img2dataset option in Invoke-Img2Dataset; every input and output format; resumable, crash-safe shards.
- Opt-outs judged on every redirect hop (X-Robots-Tag, tdm-reservation, robots.txt to RFC 9309), refusals closed
  after their headers, evidence of every signal in the metadata.
- Hostile servers and inputs bounded: redirects, body budget, decompression bombs, record size, one job per folder.
- -WhatIf/-Confirm on overwrites, -LiteralPath, -MaximumFailureRate, Azure Pipelines and GitHub Actions reporting.
'@
        }
    }
}
