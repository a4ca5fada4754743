<#
.SYNOPSIS
    Writes the MAML help of the module's binary cmdlets from docs/help/<Cmdlet>.psd1 and the cmdlets' own metadata.
.DESCRIPTION
    Texts (synopsis, description, parameter help, examples) live in one data file per cmdlet (plus shared
    parameter texts it names in Include); syntax, types, aliases,
    positions and pipeline input are read from the compiled cmdlet, so help cannot drift from the code. A cmdlet or
    parameter without text fails the build.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $HelpSource
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

$module = Import-Module $ModulePath -PassThru
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$target = Join-Path $ModulePath 'en-US'
New-Item -ItemType Directory -Force $target | Out-Null
$writer = [System.Xml.XmlWriter]::Create((Join-Path $target 'Img2Dataset.PowerShell.dll-Help.xml'), $settings)

function Write-Para([string] $Text) {
    foreach ($paragraph in $Text -split "`n\s*`n") {
        $writer.WriteElementString('para', $maml, ($paragraph -replace '\s*\r?\n\s*', ' ').Trim())
    }
}

function Get-PipelineText($Parameter) {
    $kinds = @()
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Get-DefaultText($Parameter) {
    # What a fresh cmdlet object holds, static or dynamic parameter alike: the default a user gets.
    $value = $null
    foreach ($holder in $instance, $dynamicHolder) {
        if ($holder -is [System.Management.Automation.RuntimeDefinedParameterDictionary]) { continue }
        if ($holder -and $holder.GetType().GetProperty($Parameter.Name)) { $value = $holder.GetType().GetProperty($Parameter.Name).GetValue($holder); break }
    }
    if ($null -eq $value -and $dynamicGroups) {
        $owner = $dynamicGroups | Where-Object { $_.GetType().GetProperty($Parameter.Name) } | Select-Object -First 1
        if ($owner) { $value = $owner.GetType().GetProperty($Parameter.Name).GetValue($owner) }
    }
    switch ($value) {
        { $null -eq $_ } { return 'None' }
        { $_ -is [switch] } { return "$($_.IsPresent)" }
        { $_ -is [array] } { return $(if ($_.Count) { $_ -join ', ' } else { 'None' }) }
        default { return [string]::Format([cultureinfo]::InvariantCulture, '{0}', $_) }
    }
}

function Get-TypeName([type] $Type) {
    # As PowerShell shows them: the type under Nullable, no Nullable`1.
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $underlying.Name } else { $Type.Name }
}

function Write-Parameter($Parameter, $SetMetadata, [string] $Text) {
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', "$($SetMetadata.IsMandatory)".ToLowerInvariant())
    $writer.WriteAttributeString('globbing', "$($Parameter.Attributes.TypeId.Name -contains 'SupportsWildcardsAttribute')".ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', (Get-PipelineText $SetMetadata))
    $writer.WriteAttributeString('position', $(if ($SetMetadata.Position -ge 0) { "$($SetMetadata.Position)" } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('name', $maml, $Parameter.Name)
    $writer.WriteStartElement('description', $maml); Write-Para $Text; $writer.WriteEndElement()
    # A switch takes no value: PowerShell's own help shows it as [-Name] alone.
    if ($Parameter.ParameterType -ne [switch]) {
        $writer.WriteStartElement('parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteString((Get-TypeName $Parameter.ParameterType))
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, (Get-TypeName $Parameter.ParameterType)); $writer.WriteEndElement()
    $writer.WriteElementString('defaultValue', $dev, (Get-DefaultText $Parameter))
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $sourceFile = Join-Path $HelpSource "$($cmdlet.Name).psd1"
    if (-not (Test-Path $sourceFile)) { throw "No help text for $($cmdlet.Name): expected $sourceFile" }
    $help = Import-PowerShellDataFile $sourceFile
    # Parameters shared by several cmdlets keep their text in docs/help/_NAME.psd1; a cmdlet's own text wins.
    foreach ($include in @($help['Include'])) {
        if (-not $include) { continue }
        $shared = Import-PowerShellDataFile (Join-Path $HelpSource "$include.psd1")
        foreach ($entry in $shared.Parameters.GetEnumerator()) {
            if (-not $help.Parameters.ContainsKey($entry.Key)) { $help.Parameters[$entry.Key] = $entry.Value }
        }
    }
    $instance = [Activator]::CreateInstance($cmdlet.ImplementingType)
    $dynamicHolder = if ($instance -is [System.Management.Automation.IDynamicParameters]) { $instance.GetDynamicParameters() }
    # Dynamic parameters come from parameter-group objects the cmdlet holds privately; their defaults are theirs.
    $dynamicGroups = @($cmdlet.ImplementingType.GetProperties([Reflection.BindingFlags]'NonPublic,Instance') |
            Where-Object { $_.PropertyType.Namespace -eq 'Img2Dataset.PowerShell.Parameters' } | ForEach-Object { $_.GetValue($instance) })
    $parameters = @($cmdlet.Parameters.Values | Where-Object Name -notin $common)
    $undocumented = @($parameters.Name | Where-Object { -not $help.Parameters.ContainsKey($_) })
    if ($undocumented) { throw "$sourceFile has no help for parameter(s) $($undocumented -join ', ') of $($cmdlet.Name)" }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('details', $command)
    $writer.WriteElementString('name', $command, $cmdlet.Name)
    $writer.WriteElementString('verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('noun', $command, $cmdlet.Noun)
    $writer.WriteStartElement('description', $maml); Write-Para $help.Synopsis; $writer.WriteEndElement()
    $writer.WriteEndElement()
    $writer.WriteStartElement('description', $maml); Write-Para $help.Description; $writer.WriteEndElement()

    $writer.WriteStartElement('syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('syntaxItem', $command)
        $writer.WriteElementString('name', $maml, $cmdlet.Name)
        foreach ($setParameter in $set.Parameters | Where-Object Name -notin $common) {
            Write-Parameter $cmdlet.Parameters[$setParameter.Name] $setParameter $help.Parameters[$setParameter.Name]
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('parameters', $command)
    foreach ($parameter in $parameters) {
        $firstSet = $parameter.ParameterSets.Values | Select-Object -First 1
        Write-Parameter $parameter $firstSet $help.Parameters[$parameter.Name]
    }
    $writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
        $writer.WriteStartElement($kind[0], $command)
        foreach ($entry in $help[$kind[2]].GetEnumerator()) {
            $writer.WriteStartElement($kind[1], $command)
            $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, $entry.Key); $writer.WriteEndElement()
            $writer.WriteStartElement('description', $maml); Write-Para $entry.Value; $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('examples', $command)
    $number = 0
    foreach ($example in $help.Examples) {
        $number++
        $writer.WriteStartElement('example', $command)
        $writer.WriteElementString('title', $maml, "--------- Example ${number}: $($example.Title) ---------")
        $writer.WriteElementString('code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('remarks', $dev); Write-Para $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.Dispose()
