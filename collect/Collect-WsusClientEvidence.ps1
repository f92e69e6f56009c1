<#
.SYNOPSIS
    Collects the evidence wsus-audit reads from one WSUS client (a workstation or server that does
    not report in) into one zip.

.DESCRIPTION
    Written by `wsus-audit collect-scripts`. Windows PowerShell 5.1 (and PowerShell 7).
    Read-only on this computer: it exports the applied Group Policy and the Windows Update registry
    keys and copies the client's logs; it changes nothing. Run it elevated so that gpresult includes
    the computer's policy.

    Everything goes under clients\<COMPUTERNAME>\ in the zip, so the zips of several clients and the
    server's zip can sit side by side in one bundle folder. Each step that fails is recorded in
    collection-manifest.json and never stops the others.

.PARAMETER OutputPath
    Folder for the zip (default: the current folder).

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\Collect-WsusClientEvidence.ps1 -OutputPath \\fileserver\wsus-evidence
#>
[CmdletBinding()]
param(
    [string]$OutputPath = (Get-Location).Path
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ScriptVersion = '1'

$stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$name = "wsus-client-$($env:COMPUTERNAME)-$stamp"
$staging = Join-Path ([System.IO.Path]::GetTempPath()) $name
# The folder named after the computer is how wsus-audit knows whose logs these are.
$client = Join-Path $staging "clients\$($env:COMPUTERNAME)"
$null = New-Item -ItemType Directory -Path $client -Force
$steps = New-Object System.Collections.ArrayList

# This script is copied alone to the client: it carries its own copy of the step runner and the
# zip writer that Collect-WsusServerEvidence.ps1 has.
function Invoke-Step {
    # Runs one collection step; a failure is recorded and the next step runs.
    param([string]$Name, [scriptblock]$Action)
    $started = Get-Date
    try {
        $detail = & $Action
        $status = 'ok'
        if ($detail -is [string] -and $detail.StartsWith('skipped:')) {
            $status = 'skipped'
            $detail = $detail.Substring(8).Trim()
        }
    } catch {
        $status = 'failed'
        $detail = $_.Exception.Message
    }
    $null = $steps.Add([ordered]@{
            step    = $Name
            status  = $status
            detail  = [string]$detail
            seconds = [math]::Round(((Get-Date) - $started).TotalSeconds, 1)
        })
    Write-Host ("{0,-8} {1}  {2}" -f $status, $Name, $detail)
}

function Export-RegistryKey {
    # reg export writes the key as Registry Editor does: UTF-16LE with a BOM.
    param([string]$Key, [string]$File, [string]$Absent)
    # Windows PowerShell 5.1 turns a native program's stderr, redirected with 2>&1, into errors that
    # 'Stop' would make fatal: here the exit code decides.
    $ErrorActionPreference = 'Continue'
    & reg.exe query $Key 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { return "skipped: $Absent" }
    & reg.exe export $Key (Join-Path $client $File) /y 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "reg export exited with $LASTEXITCODE" }
    return 'exported'
}

function Copy-WindowsFile {
    param([string]$Relative, [string]$File)
    $path = Join-Path $env:windir $Relative
    if (-not (Test-Path -LiteralPath $path)) { return "skipped: $path does not exist" }
    Copy-Item -LiteralPath $path -Destination (Join-Path $client $File)
    return "copied $path"
}

Invoke-Step 'Group Policy result (gpresult /x)' {
    # Windows PowerShell 5.1 turns a native program's stderr, redirected with 2>&1, into errors that
    # 'Stop' would make fatal: here the exit code decides.
    $ErrorActionPreference = 'Continue'
    & gpresult.exe /x (Join-Path $client 'rsop.xml') /f 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "gpresult exited with $LASTEXITCODE (run elevated for the computer's policy)" }
    'exported'
}

Invoke-Step 'Windows Update policy (registry)' {
    Export-RegistryKey 'HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate' 'wu-policy.reg' 'the policy key does not exist: no Windows Update policy reaches this computer'
}

Invoke-Step 'Windows Update client state (registry)' {
    Export-RegistryKey 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate' 'wu-client.reg' 'the Windows Update client key does not exist'
}

Invoke-Step 'WindowsUpdate.log' {
    $target = Join-Path $client 'WindowsUpdate.log'
    if ([Environment]::OSVersion.Version.Major -ge 10) {
        # Windows 10/11 and Server 2016+ keep ETL traces; Get-WindowsUpdateLog decodes them into one text file.
        Get-WindowsUpdateLog -LogPath $target | Out-Null
        if (-not (Test-Path -LiteralPath $target)) { throw 'Get-WindowsUpdateLog wrote no file' }
        return 'decoded with Get-WindowsUpdateLog'
    }
    Copy-WindowsFile 'WindowsUpdate.log' 'WindowsUpdate.log'
}

Invoke-Step 'ReportingEvents.log' {
    Copy-WindowsFile 'SoftwareDistribution\ReportingEvents.log' 'ReportingEvents.log'
}

$manifest = [ordered]@{
    tool       = 'Collect-WsusClientEvidence'
    version    = $ScriptVersion
    computer   = $env:COMPUTERNAME
    collected  = (Get-Date).ToString('o')
    powershell = $PSVersionTable.PSVersion.ToString()
    steps      = $steps
}
[System.IO.File]::WriteAllText((Join-Path $client 'collection-manifest.json'), ($manifest | ConvertTo-Json -Depth 4), (New-Object System.Text.UTF8Encoding $false))

# System.IO.Compression writes entry names with forward slashes; Compress-Archive in Windows
# PowerShell 5.1 writes backslashes, which other zip readers treat as part of the file name.
Add-Type -AssemblyName System.IO.Compression
Add-Type -AssemblyName System.IO.Compression.FileSystem
$null = New-Item -ItemType Directory -Path $OutputPath -Force
$zipPath = Join-Path (Resolve-Path -LiteralPath $OutputPath).Path "$name.zip"
$zip = [System.IO.Compression.ZipFile]::Open($zipPath, [System.IO.Compression.ZipArchiveMode]::Create)
try {
    foreach ($file in @(Get-ChildItem -LiteralPath $staging -Recurse -File)) {
        $entry = $file.FullName.Substring($staging.Length).TrimStart('\').Replace('\', '/')
        $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $entry)
    }
} finally {
    $zip.Dispose()
}
Remove-Item -LiteralPath $staging -Recurse -Force
$failed = @($steps | Where-Object { $_.status -eq 'failed' }).Count
Write-Host "Wrote $zipPath ($failed step(s) failed; see collection-manifest.json in the zip)."
