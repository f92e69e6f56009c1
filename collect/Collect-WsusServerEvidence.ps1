<#
.SYNOPSIS
    Collects the evidence wsus-audit reads from a WSUS server into one zip.

.DESCRIPTION
    Written by `wsus-audit collect-scripts`. Windows PowerShell 5.1 (and PowerShell 7).
    Read-only on this server: it copies logs and configuration and exports lists; it changes no
    setting. The one step that writes to the server's event log, `wsusutil checkhealth`, runs
    only with -RunCheckHealth.

    Each step that fails (a module that is not installed, a folder that is not there, access
    denied) is recorded in collection-manifest.json inside the zip and never stops the others.
    Run it elevated (as an administrator) so that the IIS logs and applicationHost.config can be read.

    The zip is read by `wsus-audit audit <zip>` unchanged.

.PARAMETER OutputPath
    Folder for the zip (default: the current folder).

.PARAMETER Days
    Days of IIS and HTTPERR logs to copy (default 7).

.PARAMETER RunCheckHealth
    Run `wsusutil checkhealth` first (it writes WSUS health events), wait, then export the events.

.PARAMETER Customer
    Shown on the report (bundle.json).

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\Collect-WsusServerEvidence.ps1 -Customer "Fabrikam GmbH" -Days 14
#>
[CmdletBinding()]
param(
    [string]$OutputPath = (Get-Location).Path,
    [ValidateRange(1, 365)][int]$Days = 7,
    [switch]$RunCheckHealth,
    [string]$Customer = '',
    [string]$Site = '',
    [string]$Consultant = ''
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ScriptVersion = '1'

$stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$name = "wsus-server-$($env:COMPUTERNAME)-$stamp"
$staging = Join-Path ([System.IO.Path]::GetTempPath()) $name
$null = New-Item -ItemType Directory -Path $staging -Force
$steps = New-Object System.Collections.ArrayList
$setupKey = 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'

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

function New-StagingFolder {
    param([string]$Relative)
    $path = Join-Path $staging $Relative
    $null = New-Item -ItemType Directory -Path $path -Force
    return $path
}

function Write-Utf8File {
    # UTF-8 without a byte order mark, CRLF as Windows writes it.
    param([string]$Path, [string]$Text)
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object System.Text.UTF8Encoding $false))
}

function Get-WsusSetup {
    return Get-ItemProperty -Path $setupKey
}

function Get-SetupValue {
    param($Setup, [string]$Name)
    $property = $Setup.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function Get-WsusSiteId {
    # IISTargetWebsiteIndex: the IIS site ID of the WSUS site (knowledge/iis.md, W3SVC<id> log folder).
    $setup = Get-WsusSetup
    $id = Get-SetupValue $setup 'IISTargetWebsiteIndex'
    if ($null -eq $id) { throw 'IISTargetWebsiteIndex is not in the WSUS setup registry key' }
    return [string]$id
}

function Get-ApplicationHostPath {
    return Join-Path $env:windir 'System32\inetsrv\config\applicationHost.config'
}

function Get-IisLogFolder {
    # The WSUS site's own logFile directory, else the site defaults', else IIS's default.
    param([string]$SiteId)
    $directory = Join-Path $env:SystemDrive 'inetpub\logs\LogFiles'
    $configPath = Get-ApplicationHostPath
    if (Test-Path -LiteralPath $configPath) {
        [xml]$config = Get-Content -LiteralPath $configPath -Raw
        $sites = '/configuration/system.applicationHost/sites'
        foreach ($xpath in @("$sites/siteDefaults/logFile/@directory", "$sites/site[@id='$SiteId']/logFile/@directory")) {
            $found = $config.SelectSingleNode($xpath)
            if ($null -ne $found -and $found.Value) { $directory = $found.Value }
        }
    }
    return Join-Path ([Environment]::ExpandEnvironmentVariables($directory)) "W3SVC$SiteId"
}

function Copy-RecentFiles {
    param([string]$From, [string]$Filter, [string]$To)
    if (-not (Test-Path -LiteralPath $From)) { return "skipped: $From does not exist" }
    $since = (Get-Date).AddDays(-$Days)
    $files = @(Get-ChildItem -LiteralPath $From -Filter $Filter -File | Where-Object { $_.LastWriteTime -ge $since })
    if ($files.Count -eq 0) { return "skipped: no $Filter in $From changed in the last $Days days" }
    $target = New-StagingFolder $To
    foreach ($file in $files) { Copy-Item -LiteralPath $file.FullName -Destination $target }
    return "$($files.Count) file(s) from $From"
}

if ($RunCheckHealth) {
    Invoke-Step 'wsusutil checkhealth' {
        $setup = Get-WsusSetup
        $tools = Join-Path ([string](Get-SetupValue $setup 'TargetDir')) 'Tools\wsusutil.exe'
        & $tools checkhealth | Out-Null
        # The health monitor writes its events shortly after; the export below must see them.
        Start-Sleep -Seconds 60
        'ran; events exported below'
    }
}

Invoke-Step 'bundle.json from the WSUS setup registry' {
    $setup = Get-WsusSetup
    $port = [int](Get-SetupValue $setup 'PortNumber')
    $ssl = [int](Get-SetupValue $setup 'UsingSSL') -eq 1
    # PortNumber is the HTTP port; with SSL clients use the HTTPS one: HTTP + 1, or 443 beside 80
    # (knowledge/iis.md section 9). IIS bindings and logs in the bundle win over this when they differ.
    if ($ssl) { if ($port -eq 80) { $port = 443 } else { $port = $port + 1 } }
    $fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName
    $manifest = [ordered]@{
        customer   = $Customer
        site       = $Site
        consultant = $Consultant
        collected  = (Get-Date -Format 'yyyy-MM-dd')
        wsus       = [ordered]@{
            server     = $fqdn.ToLowerInvariant()
            port       = $port
            ssl        = $ssl
            contentDir = [string](Get-SetupValue $setup 'ContentDir')
        }
    }
    Write-Utf8File (Join-Path $staging 'bundle.json') ($manifest | ConvertTo-Json -Depth 4)
    "server $fqdn, port $port, ssl $ssl"
}

Invoke-Step 'IIS logs of the WSUS site' {
    $siteId = Get-WsusSiteId
    Copy-RecentFiles (Get-IisLogFolder $siteId) 'u_ex*.log' "iis\W3SVC$siteId"
}

Invoke-Step 'HTTPERR logs' {
    Copy-RecentFiles (Join-Path $env:windir 'System32\LogFiles\HTTPERR') 'httperr*.log' 'iis\HTTPERR'
}

Invoke-Step 'applicationHost.config' {
    $target = New-StagingFolder 'iis'
    Copy-Item -LiteralPath (Get-ApplicationHostPath) -Destination (Join-Path $target 'applicationHost.config')
    'copied'
}

Invoke-Step 'WSUS setup registry (reg export)' {
    # IISTargetWebsiteIndex names the WSUS site's IIS log folder, PortNumber and UsingSSL its ports:
    # wsus-audit reads them when applicationHost.config is missing. reg export only reads the key and
    # writes it as Registry Editor does: UTF-16LE with a BOM.
    # Windows PowerShell 5.1 turns a native program's stderr, redirected with 2>&1, into errors that
    # 'Stop' would make fatal: here the exit code decides.
    $ErrorActionPreference = 'Continue'
    $target = New-StagingFolder 'wsus'
    & reg.exe export 'HKLM\SOFTWARE\Microsoft\Update Services\Server\Setup' (Join-Path $target 'wsus-setup.reg') /y 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "reg export exited with $LASTEXITCODE" }
    'exported'
}

Invoke-Step 'icacls of the folders WSUS needs' {
    # The guide's folders (rules/acl, src/knowledge/acl-paths.ts): .NET temporary files and CONFIG,
    # Windows Temp, C:\temp when present, WSUSContent and the WSUS web services.
    # Windows PowerShell 5.1 turns a native program's stderr, redirected with 2>&1, into errors that
    # 'Stop' would make fatal: here the exit code decides.
    $ErrorActionPreference = 'Continue'
    $setup = Get-WsusSetup
    $paths = New-Object System.Collections.ArrayList
    foreach ($framework in @(Get-ChildItem -Path (Join-Path $env:windir 'Microsoft.NET') -Filter 'Framework*' -Directory)) {
        foreach ($version in @(Get-ChildItem -LiteralPath $framework.FullName -Directory | Where-Object { $_.Name -match '^v\d+\.\d+\.\d+$' })) {
            foreach ($leaf in @('Temporary ASP.NET Files', 'CONFIG')) {
                $path = Join-Path $version.FullName $leaf
                if (Test-Path -LiteralPath $path) { $null = $paths.Add($path) }
            }
        }
    }
    $null = $paths.Add((Join-Path $env:windir 'Temp'))
    if (Test-Path -LiteralPath 'C:\temp') { $null = $paths.Add('C:\temp') }
    $contentDir = [string](Get-SetupValue $setup 'ContentDir')
    if ($contentDir) { $null = $paths.Add((Join-Path $contentDir 'WSUSContent')) }
    $targetDir = [string](Get-SetupValue $setup 'TargetDir')
    if (-not $targetDir) { $targetDir = Join-Path $env:ProgramFiles 'Update Services' }
    $null = $paths.Add((Join-Path $targetDir 'WebServices'))
    $lines = New-Object System.Collections.ArrayList
    foreach ($path in $paths) {
        # icacls names the path on its first line; its errors go to the same file.
        $output = & icacls.exe $path 2>&1
        foreach ($line in $output) { $null = $lines.Add([string]$line) }
        $null = $lines.Add('')
    }
    $target = New-StagingFolder 'acl'
    # Out-File in Windows PowerShell 5.1 writes UTF-16LE with a BOM: say so explicitly for PowerShell 7.
    $lines | Out-File -FilePath (Join-Path $target 'icacls-wsus-paths.txt') -Encoding Unicode
    "$($paths.Count) folder(s)"
}

Invoke-Step 'Application log: WSUS events' {
    # Windows PowerShell 5.1 turns a native program's stderr, redirected with 2>&1, into errors that
    # 'Stop' would make fatal: here the exit code decides.
    $ErrorActionPreference = 'Continue'
    $target = New-StagingFolder 'eventlog'
    $query = "*[System[Provider[@Name='Windows Server Update Services']]]"
    & wevtutil.exe epl Application (Join-Path $target 'Application-WSUS.evtx') "/q:$query"
    if ($LASTEXITCODE -ne 0) { throw "wevtutil exited with $LASTEXITCODE" }
    'exported'
}

Invoke-Step 'WSUS computers (Get-WsusComputer)' {
    if (-not (Get-Module -ListAvailable -Name UpdateServices)) { return 'skipped: the UpdateServices module is not installed' }
    Import-Module UpdateServices
    $target = New-StagingFolder 'wsus'
    $computers = @(Get-WsusComputer -All)
    $computers | Export-Csv -NoTypeInformation -Encoding UTF8 -Path (Join-Path $target 'wsus-computers.csv')
    "$($computers.Count) computer(s)"
}

Invoke-Step 'domain computers (Get-ADComputer)' {
    if (-not (Get-Module -ListAvailable -Name ActiveDirectory)) { return 'skipped: the ActiveDirectory module (RSAT) is not installed' }
    Import-Module ActiveDirectory
    $target = New-StagingFolder 'ad'
    $properties = 'DNSHostName', 'Enabled', 'LastLogonDate', 'OperatingSystem', 'IPv4Address'
    $columns = 'Name', 'DNSHostName', 'Enabled', 'LastLogonDate', 'OperatingSystem', 'DistinguishedName', 'IPv4Address'
    $computers = @(Get-ADComputer -Filter * -Properties $properties | Select-Object -Property $columns)
    $computers | Export-Csv -NoTypeInformation -Encoding UTF8 -Path (Join-Path $target 'ad-computers.csv')
    "$($computers.Count) computer(s)"
}

Invoke-Step 'Group Policy objects with Windows Update settings (Get-GPOReport)' {
    if (-not (Get-Module -ListAvailable -Name GroupPolicy)) { return 'skipped: the GroupPolicy module (GPMC) is not installed' }
    Import-Module GroupPolicy
    $target = New-StagingFolder 'gpo'
    $saved = 0
    foreach ($gpo in @(Get-GPO -All)) {
        $xml = Get-GPOReport -Guid $gpo.Id -ReportType Xml
        if ($xml -match 'Software\\Policies\\Microsoft\\Windows\\WindowsUpdate|Windows Update') {
            # As Get-GPOReport -Path writes it: UTF-16LE with a BOM.
            [System.IO.File]::WriteAllText((Join-Path $target "gpo-$($gpo.Id).xml"), $xml, [System.Text.Encoding]::Unicode)
            $saved++
        }
    }
    "$saved GPO(s) with Windows Update settings"
}

$manifestPath = Join-Path $staging 'collection-manifest.json'
$manifest = [ordered]@{
    tool         = 'Collect-WsusServerEvidence'
    version      = $ScriptVersion
    computer     = $env:COMPUTERNAME
    collected    = (Get-Date).ToString('o')
    days         = $Days
    powershell   = $PSVersionTable.PSVersion.ToString()
    steps        = $steps
}
Write-Utf8File $manifestPath ($manifest | ConvertTo-Json -Depth 4)

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
Write-Host "Audit it with: wsus-audit audit `"$zipPath`""
