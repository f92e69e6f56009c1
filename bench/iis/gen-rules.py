#!/usr/bin/env python3
"""Writes rules/iis/*.json and *.test.json (the IIS rule set) from one readable source.
Run from the repository root: python3 bench/iis/gen-rules.py  (kept next to the IIS bench helpers)."""
import json, os

GUIDE = "000_79cb0be573a18a6d.txt"
ANON = ["ClientWebService", "Content", "DssAuthWebService", "Inventory", "ReportingWebService", "SelfUpdate", "ServerSyncWebService", "SimpleAuthWebService"]
WEB_SERVICES = ["ApiRemoting30", "ClientWebService", "DssAuthWebService", "ReportingWebService", "ServerSyncWebService", "SimpleAuthWebService", "Inventory"]
POOL_REASONS = ["AppOffline", "AppPoolTimer", "Disabled", "QueueFull", "Connection_Abandoned_By_AppPool", "Connection_Abandoned_By_ReqQueue", "Timer_AppPool", "Timer_ReqQueue"]
OUT = "rules/iis"

# ---------------------------------------------------------------- facts helpers for tests
def iis_log(**over):
    base = {
        "files": [{"file": "iis/u_ex261001.log", "lines": 100, "records": 96, "rejected": 0, "first": "2026-10-01T00:00:00Z", "last": "2026-10-04T00:00:00Z", "fieldSets": []}],
        "window": {"first": "2026-10-01T00:00:00Z", "last": "2026-10-04T00:00:00Z", "hours": 72},
        "requests": 96, "rejected": 0, "responses": [], "authFailures": [], "consoleHandshakes": 0, "hourly": [],
        "clients": [], "clientLimit": 50000, "clientOverflowRequests": 0, "selfRequests": 0, "ports": [],
        "serverAddresses": [], "samples": [], "authFailureSamples": [],
    }
    base.update(over)
    return base

def resp(vdir, status, sub, win32, count):
    return {"vdir": vdir, "status": status, "substatus": sub, "win32": win32, "count": count, "first": "2026-10-01T08:00:00Z", "last": "2026-10-03T08:00:00Z"}

def fail(vdir, status, sub, win32, count, clients=1):
    r = resp(vdir, status, sub, win32, count); r["clients"] = clients; return r

def line(vdir, status, sub, win32, n, text):
    return {"vdir": vdir, "status": status, "substatus": sub, "win32": win32, "file": "iis/u_ex261001.log", "line": n, "text": text}

def vdir(name, kind="application", anon=True, user="IUSR", win=False, basic=False, ssl="None", imp=False, setBy=None):
    flags = [f.strip().lower() for f in ssl.split(",")]
    return {"name": name, "path": "/" + name, "kind": kind, "pool": "WsusPool", "anonymousEnabled": anon, "anonymousUserName": user,
            "windowsEnabled": win, "basicEnabled": basic, "sslFlags": ssl, "requireSsl": "ssl" in flags,
            "clientCertificates": "require" if "sslrequirecert" in flags else "accept" if "sslnegotiatecert" in flags else "ignore",
            "impersonation": imp, "setBy": setBy or [f'location "WSUS Administration/{name}"']}

def good_vdirs(ssl=False, **changes):
    out = []
    for n in ["ApiRemoting30", "ClientWebService", "Content", "DssAuthWebService", "Inventory", "ReportingWebService", "SelfUpdate", "ServerSyncWebService", "SimpleAuthWebService"]:
        req = ssl and n in ["ApiRemoting30", "ClientWebService", "DssAuthWebService", "ServerSyncWebService", "SimpleAuthWebService"]
        kind = "virtualDirectory" if n in ["Content", "SelfUpdate"] else "application"
        v = vdir(n, kind=kind, anon=n != "ApiRemoting30", win=n == "ApiRemoting30", ssl="Ssl" if req else "None", user="" if n == "Content" else "IUSR")
        v.update(changes.get(n, {}))
        out.append(v)
    return out

def pool(**over):
    p = {"name": "WsusPool", "found": True, "identityType": "NetworkService", "queueLength": 2000, "privateMemoryKB": 0, "virtualMemoryKB": 0,
         "rapidFailProtection": False, "idleTimeoutMinutes": 0, "regularTimeIntervalMinutes": 0, "pingingEnabled": False,
         "loadBalancerCapabilities": "HttpLevel", "managedPipelineMode": "Integrated", "explicit": ["queueLength", "recycling.periodicRestart.privateMemory", "failure.rapidFailProtection"]}
    p.update(over)
    return p

def iis_config(vdirs=None, https=True, **over):
    bindings = [{"protocol": "http", "ip": "*", "port": 8530, "host": ""}] + ([{"protocol": "https", "ip": "*", "port": 8531, "host": ""}] if https else [])
    c = {"file": "iis/applicationHost.config", "sites": [{"name": "Default Web Site", "id": 1}, {"name": "WSUS Administration", "id": 1572271583}],
         "site": {"name": "WSUS Administration", "id": 1572271583, "bindings": bindings, "httpPorts": [8530], "httpsPorts": [8531] if https else [], "rootPool": "WsusPool"},
         "vdirs": vdirs if vdirs is not None else good_vdirs(), "pool": pool(), "wsusCompressionScheme": True}
    c.update(over)
    return c

def http_err(reasons, hourly=None):
    return {"files": [{"file": "httperr/httperr1.log", "lines": 40, "entries": 36}], "window": {"first": "2026-10-02T03:00:01Z", "last": "2026-10-02T03:40:00Z"},
            "entries": sum(r["count"] for r in reasons), "reasons": reasons, "hourly": hourly or [], "samples": []}

def herr(reason, queue, status, count):
    return {"reason": reason, "queue": queue, "status": status, "count": count, "first": "2026-10-02T03:00:01Z", "last": "2026-10-02T03:40:00Z"}

def gpo_reg(url):
    setting = lambda name, value, t="REG_SZ", key="WU": {"file": "gpo/wu.reg", "line": 5, "kind": "reg-export", "key": key, "keyPath": "Software\\Policies\\Microsoft\\Windows\\WindowsUpdate" + ("\\AU" if key == "AU" else ""), "name": name, "type": t, "value": value, "from": "registry"}
    return {"kinds": ["reg-export"], "linkEvidence": False, "completeGpoList": False,
            "views": [{"id": "reg:gpo/wu.reg", "kind": "reg-export", "label": "registry export gpo/wu.reg", "settings": {
                "WUServer": setting("WUServer", url), "WUStatusServer": setting("WUStatusServer", url),
                "UseWUServer": setting("UseWUServer", 1, "REG_DWORD", "AU"), "NoAutoUpdate": setting("NoAutoUpdate", 0, "REG_DWORD", "AU")}}]}

def client(ip, services, last="2026-10-03T22:00:00Z"):
    return {"ip": ip, "requests": sum(s["requests"] for s in services.values()), "first": "2026-10-01T01:00:00Z", "last": last,
            "userAgent": "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50", "services": services}

def svc(first="2026-10-01T01:00:00Z", last="2026-10-03T22:00:00Z", requests=10, ok=10):
    return {"first": first, "last": last, "requests": requests, "ok": ok}

# ---------------------------------------------------------------- common remediation
GUIDE_401_1 = [
    "Make sure the anonymous account used by the WSUS vDirs (IUSR, IUSR_<machine> or a custom IUSR_WSUS) is not locked or disabled, in Active Directory or in Local Users and Groups: a locked IUSR account alone gives 401.1.",
    {"text": "IIS 6 (WSUS 3.0 on Server 2003): read the anonymous password stored in the metabase. Edit c:\\Inetpub\\AdminScripts\\adsutil.vbs, change the line `IsSecureProperty = True` to `IsSecureProperty = False`, save, then run the command below and note the password inside the quotes.",
     "commands": ["cd /d c:\\Inetpub\\AdminScripts", "cscript adsutil.vbs get w3svc/anonymoususerpass"]},
    {"text": "Reset the password of the IUSR account (in Active Directory if it is a domain account, else the local account) to that password, so the account, the metabase and the vDirs agree (the three places).",
     "commands": ["net user IUSR_<machine> \"<password from the metabase>\""]},
    "In IIS Manager, under the WSUS Administration (or Default) web site, set the same anonymous user and password on each WSUS vDir: ClientWebService, Content, DSSAuthWebService, Inventory, ReportingWebService, ServerSyncWebService, SimpleAuthWebService, SelfUpdate (IIS 6: Properties > Directory Security > Edit; IIS 7+: Authentication > Anonymous Authentication > Edit).",
    {"text": "If WSUS is the only web site on the server run IISRESET; otherwise stop and start only the WSUS site.",
     "commands": ["iisreset", "%windir%\\system32\\inetsrv\\appcmd.exe stop site \"WSUS Administration\"", "%windir%\\system32\\inetsrv\\appcmd.exe start site \"WSUS Administration\""]},
    "If other web applications share the server, do not reset the shared IUSR account: copy it to a new account such as IUSR_WSUS and use that account and its password on the WSUS vDirs only.",
]

def rule(id, title, checks, severity, requires, section, conditions, evidence, summary, impact, remediation, **extra):
    r = {"$schema": "../rule.schema.json", "id": id, "title": title, "checks": checks, "severity": severity, "area": "iis", "requires": requires,
         "source": {"doc": extra.pop("doc", GUIDE), "section": section}}
    for key in ["confidence", "description", "params", "applicable", "notEvaluatedReason"]:
        if key in extra: r[key] = extra.pop(key)
    r.update({"conditions": conditions, "evidence": evidence, "summary": summary, "impact": impact, "remediation": remediation})
    r.update(extra)
    return r

RULES = []

def add(r, valid, invalid, not_evaluated=None):
    tests = {"valid": valid, "invalid": invalid}
    if not_evaluated: tests["notEvaluated"] = not_evaluated
    RULES.append((r, tests))

AUTH_EVIDENCE = lambda: [
    {"id": "rows", "label": "401 responses that are real failures, by virtual directory", "fact": "iisAuthFailures", "params": {"substatus": {"$param": "substatus"}, "vdirs": {"$param": "vdirs"}}, "path": "$.rows", "columns": ["vdir", "status", "substatus", "win32", "win32Name", "count", "clients", "first", "last"]},
    {"id": "samples", "label": "Log lines", "fact": "iisAuthFailures", "params": {"substatus": {"$param": "substatus"}, "vdirs": {"$param": "vdirs"}}, "path": "$.samples", "columns": ["file", "line", "text"]},
    {"id": "total", "label": "401 responses counted", "fact": "iisAuthFailures", "params": {"substatus": {"$param": "substatus"}, "vdirs": {"$param": "vdirs"}}, "path": "$.total"},
    {"id": "handshakes", "label": "ApiRemoting30 console handshakes recognised (not counted)", "fact": "iisAuthFailures", "params": {"substatus": {"$param": "substatus"}, "vdirs": {"$param": "vdirs"}}, "path": "$.consoleHandshakes"},
]
AUTH_COND = lambda: {"all": [{"fact": "iisAuthFailures", "params": {"substatus": {"$param": "substatus"}, "vdirs": {"$param": "vdirs"}}, "path": "$.total", "operator": "greaterThanInclusive", "value": {"$param": "minCount"}}]}
GUIDE_LINE = "2009-01-27 16:45:10 W3SVC310782280 10.10.1.10 HEAD /selfupdate/wuident.cab 0901271645 8530 – 10.10.1.43 Windows-Update-Agent 401 1 0"

# IIS.401_1 on client vDirs
add(rule("iis-401-1-client-vdirs", "WSUS virtual directories reject clients with HTTP 401.1 (invalid anonymous credentials)", ["IIS.401_1"], "critical", ["iisLog"],
    "HTTP 401.1: DENIED BY INVALID USER CREDENTIALS", AUTH_COND(), AUTH_EVIDENCE(),
    "{{evidence.total}} requests to {{#each evidence.rows}}{{vdir}}{{#unless @last}}, {{/unless}}{{/each}} were answered 401.1: the anonymous account the WSUS vDirs use cannot log on.",
    "Every Windows Update Agent request to these virtual directories is refused, so clients cannot check for updates, download them or report status: they stop reporting in.",
    GUIDE_401_1, confidence="confirmed",
    description="The guide's example line (`... HEAD /selfupdate/wuident.cab ... 401 1 0`) and its 401.1 section. Every 401.1 on an anonymous WSUS vDir is a failure: clients never authenticate there. On IIS 7+ the built-in IUSR has no password, so 401.1 points to a custom anonymous account (IUSR_WSUS) whose password changed or that is locked (knowledge/iis-vdirs.md §3 note 2).",
    params={"substatus": {"description": "401 sub-status", "default": 1}, "vdirs": {"description": "anonymous WSUS vDirs (clients and downstream servers)", "default": ANON}, "minCount": {"description": "401.1 responses needed", "default": 1}},
    related=["IIS.ANON_IDENTITY"], references=["https://learn.microsoft.com/en-us/archive/blogs/sus/troubleshooting-guide-for-issues-where-wsus-clients-are-not-reporting-in"], tags=["iis", "authentication"]),
    valid=[{"name": "only 200 responses", "facts": {"iisLog": iis_log(responses=[resp("SelfUpdate", 200, 0, 0, 40)])}},
           {"name": "console handshake on ApiRemoting30 is not a client failure", "facts": {"iisLog": iis_log(consoleHandshakes=6, responses=[resp("ApiRemoting30", 401, 2, 5, 3), resp("ApiRemoting30", 401, 1, 2148074254, 3)])}}],
    invalid=[{"name": "the guide's 401.1 on SelfUpdate", "facts": {"iisLog": iis_log(authFailures=[fail("SelfUpdate", 401, 1, 0, 12)], authFailureSamples=[line("SelfUpdate", 401, 1, 0, 5, GUIDE_LINE)])}}])

# IIS.401_1 on ApiRemoting30 (real logon failures, not handshakes)
add(rule("iis-401-1-console-logon-failed", "The WSUS console or API cannot log on to ApiRemoting30 (HTTP 401.1)", ["IIS.401_1"], "high", ["iisLog"],
    "HTTP 401.1: DENIED BY INVALID USER CREDENTIALS", AUTH_COND(), AUTH_EVIDENCE(),
    "{{evidence.total}} ApiRemoting30 requests failed with 401.1 after the Windows-authentication handshake ({{evidence.handshakes}} normal console handshakes were recognised and not counted).",
    "The WSUS console, PowerShell UpdateServices cmdlets or Configuration Manager cannot connect to the WSUS API; clients are not affected by this alone.",
    ["Check the account used by the console or the ConfigMgr site server (computer account) is valid, not locked, and member of WSUS Administrators; SEC_E_LOGON_DENIED (2148074252) or 1326 means the credentials were refused.",
     "Make sure Windows authentication is enabled on ApiRemoting30 (see IIS.VDIR_AUTH); 2148074248 (SEC_E_INVALID_TOKEN) usually means a load balancer splits the NTLM legs across connections.",
     {"text": "After a change, restart only the WSUS site when other sites share IIS, else IISRESET.", "commands": ["%windir%\\system32\\inetsrv\\appcmd.exe stop site \"WSUS Administration\"", "%windir%\\system32\\inetsrv\\appcmd.exe start site \"WSUS Administration\""]}],
    confidence="inferred",
    description="The console's normal handshake on ApiRemoting30 logs 401.2 then 401.1 (win32 2148074254) then 200 with a user name from the same address within seconds (knowledge/iis.md §6). The collector counts a 401 there as a failure only when no authenticated 200 follows from that address within 10 seconds, or when a 401.1 carries 2148074252, 1326 or 5. A few unresolved legs can be a log cut mid-handshake, hence minCount.",
    params={"substatus": {"description": "401 sub-status", "default": 1}, "vdirs": {"description": "the console vDir", "default": ["ApiRemoting30"]}, "minCount": {"description": "failed 401.1 responses needed", "default": 3}},
    tags=["iis", "authentication", "console"]),
    valid=[{"name": "handshakes only", "facts": {"iisLog": iis_log(consoleHandshakes=12)}}, {"name": "one stray leg at the end of the log", "facts": {"iisLog": iis_log(authFailures=[fail("ApiRemoting30", 401, 1, 2148074254, 1)])}}],
    invalid=[{"name": "logon denied repeatedly", "facts": {"iisLog": iis_log(authFailures=[fail("ApiRemoting30", 401, 1, 2148074252, 8)])}}])

# IIS.401_2
add(rule("iis-401-2-anonymous-vdirs", "Anonymous WSUS virtual directories answer HTTP 401.2 (denied by server configuration)", ["IIS.401_2"], "critical", ["iisLog"],
    "HTTP 401.2: DENIED BY SERVER CONFIGURATION", AUTH_COND(), AUTH_EVIDENCE(),
    "{{evidence.total}} requests to {{#each evidence.rows}}{{vdir}}{{#unless @last}}, {{/unless}}{{/each}} were answered 401.2: no enabled authentication method fits the Windows Update Agent's anonymous requests.",
    "Anonymous authentication is off (or no method fits) on a vDir the Windows Update Agent calls without credentials, so every client request there is refused.",
    ["Review the authentication of each WSUS vDir against the expected table: everything clients and downstream servers touch is anonymous only; only ApiRemoting30 uses Windows authentication (see the IIS.VDIR_AUTH finding when applicationHost.config is in the bundle).",
     {"text": "Enable anonymous authentication on each vDir listed in the evidence (IIS 7+):", "each": "rows", "commands": ["%windir%\\system32\\inetsrv\\appcmd.exe set config \"WSUS Administration/{{vdir}}\" /section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost"]},
     {"text": "If WSUS is the only web site run IISRESET, otherwise stop and start only the WSUS site.", "commands": ["iisreset", "%windir%\\system32\\inetsrv\\appcmd.exe stop site \"WSUS Administration\" && %windir%\\system32\\inetsrv\\appcmd.exe start site \"WSUS Administration\""]}],
    confidence="confirmed",
    description="401.2 on the anonymous vDirs (knowledge/iis-vdirs.md note 2: Windows auth on and anonymous off gives `401 2 5` to every Windows Update Agent request). ApiRemoting30 is not in scope: its 401.2 is the first leg of the console's normal handshake.",
    params={"substatus": {"description": "401 sub-status", "default": 2}, "vdirs": {"description": "anonymous WSUS vDirs", "default": ANON}, "minCount": {"description": "401.2 responses needed", "default": 1}},
    related=["IIS.VDIR_AUTH"], tags=["iis", "authentication"]),
    valid=[{"name": "401.2 only on ApiRemoting30 (console handshake)", "facts": {"iisLog": iis_log(consoleHandshakes=4, responses=[resp("ApiRemoting30", 401, 2, 5, 4)])}}],
    invalid=[{"name": "401.2 on ClientWebService", "facts": {"iisLog": iis_log(authFailures=[fail("ClientWebService", 401, 2, 5, 30, 3)])}}])

# IIS.401_3
add(rule("iis-401-3-resource-acl", "WSUS virtual directories answer HTTP 401.3 (denied by resource ACL)", ["IIS.401_3"], "critical", ["iisLog"],
    "HTTP 401.3: DENIED BY RESOURCE ACL", AUTH_COND(), AUTH_EVIDENCE(),
    "{{evidence.total}} requests to {{#each evidence.rows}}{{vdir}}{{#unless @last}}, {{/unless}}{{/each}} were answered 401.3: NTFS permissions refuse the anonymous or pool identity.",
    "The files behind the WSUS web services or the content folder cannot be read by the identity IIS uses, so clients are refused.",
    ["Focus on NTFS permissions: NETWORK SERVICE needs Full Control on Temporary ASP.NET Files, the .NET CONFIG folder, %windir%\\Temp, C:\\temp, WSUSContent and Update Services\\WebServices (see the ACL.NETWORK_SERVICE finding when ACL evidence is in the bundle).",
     {"text": "Run Process Monitor with the guide's filter (Result contains DENIED include; Path contains CERTIFICATE exclude), restart W3SVC, wait 30 s, restart Update Services, wait 30 s, and grant NETWORK SERVICE Full Control on every path w3wp.exe, WsusService.exe or sqlservr.exe is denied (back up the registry first).",
      "commands": ["net stop w3svc && net start w3svc", "net stop wsusservice && net start wsusservice"]},
     "With content on a UNC share, check the share and NTFS rights of the WSUS server's computer account on it."],
    confidence="confirmed",
    description="The guide: \"If you are outright getting a 401.3 error you know to focus on NTFS permissions\". Every 401.3 counts, on any vDir.",
    params={"substatus": {"description": "401 sub-status", "default": 3}, "vdirs": {"description": "vDirs in scope", "default": ANON + ["ApiRemoting30"]}, "minCount": {"description": "401.3 responses needed", "default": 1}},
    related=["ACL.NETWORK_SERVICE", "ACL.PROCMON_DENIED"], tags=["iis", "permissions"]),
    valid=[{"name": "no 401.3", "facts": {"iisLog": iis_log(authFailures=[fail("ClientWebService", 401, 2, 5, 3)])}}],
    invalid=[{"name": "401.3 on Content", "facts": {"iisLog": iis_log(authFailures=[fail("Content", 401, 3, 5, 14, 2)])}}])

# IIS.VDIR_AUTH
add(rule("iis-vdir-auth", "A WSUS virtual directory's authentication differs from the expected table", ["IIS.VDIR_AUTH"], "high", ["iisConfig"],
    "Permissions Related – IIS",
    {"all": [{"fact": "iisVdirAuth", "path": "$.mismatches", "operator": "nonEmpty", "value": True}]},
    [{"id": "mismatches", "label": "Settings that differ from the expected table", "fact": "iisVdirAuth", "path": "$.mismatches", "columns": ["vdir", "setting", "expected", "actual", "confidence", "setBy"]},
     {"id": "reason", "label": "Configuration read", "fact": "iisVdirAuth", "path": "$.reason"}],
    "{{#each evidence.mismatches}}{{vdir}}: {{setting}} is {{actual}} (expected {{expected}}){{#unless @last}}; {{/unless}}{{/each}}.",
    "Clients and downstream servers call the WSUS vDirs anonymously; a vDir with anonymous authentication off refuses them (401.2), and the console needs Windows authentication on ApiRemoting30.",
    ["Set each vDir as in the table: anonymous only on ClientWebService, Content, DssAuthWebService, Inventory, ReportingWebService, SelfUpdate, ServerSyncWebService, SimpleAuthWebService; Windows authentication on ApiRemoting30; Basic and ASP.NET impersonation off everywhere.",
     {"text": "Commands for each difference (IIS 7+):", "each": "mismatches", "commands": ["{{#if (eq setting \"Anonymous authentication\")}}%windir%\\system32\\inetsrv\\appcmd.exe set config \"WSUS Administration/{{vdir}}\" /section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost{{/if}}{{#if (eq setting \"Windows authentication\")}}%windir%\\system32\\inetsrv\\appcmd.exe set config \"WSUS Administration/{{vdir}}\" /section:system.webServer/security/authentication/windowsAuthentication /enabled:{{#if (eq vdir \"ApiRemoting30\")}}true{{else}}false{{/if}} /commit:apphost{{/if}}{{#if (eq setting \"Basic authentication\")}}%windir%\\system32\\inetsrv\\appcmd.exe set config \"WSUS Administration/{{vdir}}\" /section:system.webServer/security/authentication/basicAuthentication /enabled:false /commit:apphost{{/if}}"]},
     {"text": "After the change run IISRESET, or stop/start only the WSUS site when other sites share the server.", "commands": ["iisreset"]}],
    confidence="confirmed",
    description="Compares the effective authentication of each WSUS vDir (IIS defaults, then the server level, the site location and the vDir location) with knowledge/iis-vdirs.md §2/§6. Not flagged, on purpose: anonymous on ApiRemoting30 (note 1), Windows authentication next to anonymous on the web services (note 2, works), digest (note 3).",
    applicable={"all": [{"fact": "iisVdirAuth", "path": "$.evaluable", "operator": "equal", "value": True}]},
    notEvaluatedReason="{{evidence.reason}}", related=["IIS.401_2"], tags=["iis", "authentication"]),
    valid=[{"name": "stock WSUS configuration", "facts": {"iisConfig": iis_config()}},
           {"name": "anonymous on ApiRemoting30 is not a fault", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(ApiRemoting30={"anonymousEnabled": True}))}}],
    invalid=[{"name": "anonymous off on ClientWebService", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(ClientWebService={"anonymousEnabled": False, "windowsEnabled": True}))}},
             {"name": "Windows auth off on ApiRemoting30", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(ApiRemoting30={"windowsEnabled": False}))}}],
    not_evaluated=[{"name": "no WSUS site", "facts": {"iisConfig": iis_config(site=None)}}])

# IIS.ANON_IDENTITY
add(rule("iis-anon-identity-differs", "WSUS web services use different anonymous accounts", ["IIS.ANON_IDENTITY"], "high", ["iisConfig"],
    "HTTP 401.1: DENIED BY INVALID USER CREDENTIALS",
    {"all": [{"fact": "iisAnonIdentity", "path": "$.differs", "operator": "equal", "value": True}]},
    [{"id": "accounts", "label": "Anonymous accounts by vDir", "fact": "iisAnonIdentity", "path": "$.accounts", "columns": ["account", "vdirs", "count"]}],
    "The WSUS web services use {{evidence.accounts.length}} different anonymous accounts: {{#each evidence.accounts}}{{account}} ({{vdirs}}){{#unless @last}}; {{/unless}}{{/each}}.",
    "The guide asks for the same anonymous user and password on each WSUS vDir; a vDir left on another account (a renamed IUSR_WSUS, an old IUSR_<machine>) fails with 401.1 as soon as that account's password or state differs.",
    GUIDE_401_1,
    confidence="inferred",
    description="Compares the named anonymous accounts among the web-service vDirs (knowledge/iis-vdirs.md note 4). Content is left out: Content on the application pool identity (userName=\"\") while the web services use IUSR is the community baseline, not a finding.",
    applicable={"all": [{"fact": "iisAnonIdentity", "path": "$.evaluable", "operator": "equal", "value": True}]},
    notEvaluatedReason="{{evidence.accounts.length}} named accounts", related=["IIS.401_1"], tags=["iis", "authentication"]),
    valid=[{"name": "IUSR everywhere, Content on the pool identity", "facts": {"iisConfig": iis_config()}}],
    invalid=[{"name": "SimpleAuth on IUSR_WSUS", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(SimpleAuthWebService={"anonymousUserName": "CONTOSO\\IUSR_WSUS"}))}}])

POOL_REMEDIATION = [
    "Check the System log for WAS events (5002 rapid-fail, 5117 memory-limit recycles) and the Application log around the outage hours in the evidence.",
    {"text": "Raise the WsusPool limits (queue length 2000+, private memory limit 0 = none or several GB) and turn rapid-fail protection off where it keeps stopping the pool, then recycle the pool:", "commands": [
        "%windir%\\system32\\inetsrv\\appcmd.exe set apppool \"WsusPool\" /queueLength:2000",
        "%windir%\\system32\\inetsrv\\appcmd.exe set apppool \"WsusPool\" /recycling.periodicRestart.privateMemory:0",
        "%windir%\\system32\\inetsrv\\appcmd.exe set apppool \"WsusPool\" /failure.rapidFailProtection:false",
        "%windir%\\system32\\inetsrv\\appcmd.exe start apppool \"WsusPool\"",
        "%windir%\\system32\\inetsrv\\appcmd.exe recycle apppool \"WsusPool\""]},
    "If the pool falls over after Patch Tuesday, decline superseded updates and run the WSUS cleanup: a large metadata cache needs the memory."]

add(rule("iis-pool-unavailable-httperr", "WsusPool was down or overloaded (HTTP.sys error log)", ["IIS.POOL_UNAVAILABLE"], "high", ["httpErr"],
    "HTTP.sys 503 (knowledge/iis.md §3)",
    {"all": [{"fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}, "queue": {"$param": "queue"}}, "path": "$.httpErrTotal", "operator": "greaterThanInclusive", "value": {"$param": "minHttpErr"}}]},
    [{"id": "httpErr", "label": "HTTPERR entries for the pool's queue", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}, "queue": {"$param": "queue"}}, "path": "$.httpErr", "columns": ["reason", "queue", "status", "count", "first", "last"]},
     {"id": "hours", "label": "Hours with pool errors, next to the W3C traffic of the same hour (0 = a gap in the IIS log)", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}, "queue": {"$param": "queue"}}, "path": "$.hours", "columns": ["hour", "httpErr", "w3cRequests", "w3c503"]},
     {"id": "gapHours", "label": "Hours where the W3C log is silent while HTTP.sys refused requests", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}, "queue": {"$param": "queue"}}, "path": "$.gapHours"},
     {"id": "samples", "label": "Log lines", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}, "queue": {"$param": "queue"}}, "path": "$.samples", "columns": ["file", "line", "text"]}],
    "HTTP.sys refused {{#each evidence.httpErr}}{{this.count}} requests with {{reason}}{{#unless @last}}, {{/unless}}{{/each}} for {{params.queue}}{{#if evidence.gapHours.length}}; the IIS log is silent in {{evidence.gapHours.length}} of those hours{{/if}}.",
    "While the pool is stopped or its queue is full, HTTP.sys answers 503 itself: clients get 0x80244021/0x8024401C, and the W3C log shows only a gap because the requests never reach IIS.",
    POOL_REMEDIATION, confidence="confirmed",
    description="HTTPERR entries of the WsusPool queue with the reasons that mean the pool was unavailable (knowledge/iis.md §3). Timer_ConnectionIdle, Connection_Dropped and AppShutdown are not counted.",
    params={"reasons": {"description": "HTTPERR s-reason values counted", "default": POOL_REASONS}, "queue": {"description": "the WSUS application pool", "default": "WsusPool"}, "minHttpErr": {"description": "entries needed", "default": 1}},
    related=["IIS.POOL_SETTINGS"], tags=["iis", "app-pool"]),
    valid=[{"name": "idle connections only", "facts": {"httpErr": http_err([herr("Timer_ConnectionIdle", "-", -1, 200)])}},
           {"name": "another pool", "facts": {"httpErr": http_err([herr("AppOffline", "DefaultAppPool", 503, 3)])}}],
    invalid=[{"name": "nightly AppOffline", "facts": {"httpErr": http_err([herr("AppOffline", "WsusPool", 503, 120)], [{"hour": "2026-10-02T03:00:00Z", "queue": "WsusPool", "reason": "AppOffline", "count": 120}])}}])

add(rule("iis-pool-unavailable-w3c-503", "The WSUS web services answered HTTP 503 (IIS log)", ["IIS.POOL_UNAVAILABLE"], "high", ["iisLog"],
    "503 in the W3C log (knowledge/iis.md §6a)",
    {"all": [{"fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}}, "path": "$.w3c503Total", "operator": "greaterThanInclusive", "value": {"$param": "minW3c503"}}]},
    [{"id": "w3c503", "label": "503 responses by virtual directory", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}}, "path": "$.w3c503", "columns": ["vdir", "status", "substatus", "win32", "count", "first", "last"]},
     {"id": "hours", "label": "Hours with 503s", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}}, "path": "$.hours", "columns": ["hour", "httpErr", "w3cRequests", "w3c503"]},
     {"id": "samples", "label": "Log lines", "fact": "iisPoolUnavailable", "params": {"reasons": {"$param": "reasons"}}, "path": "$.samples", "columns": ["file", "line", "text"]}],
    "{{#each evidence.w3c503}}{{this.count}} × 503.{{substatus}} on {{vdir}}{{#unless @last}}, {{/unless}}{{/each}}, in {{evidence.hours.length}} hours.",
    "503 responses mean the pool or ASP.NET could not take the requests (503.0 pool unavailable, 503.2 concurrency limit, 503.3 ASP.NET queue full); clients retry later and may not report.",
    POOL_REMEDIATION, confidence="confirmed",
    description="503 responses that reached the W3C log. A stopped pool usually shows only in HTTPERR (the other rule for this check).",
    params={"reasons": {"description": "HTTPERR reasons (for the hour table)", "default": POOL_REASONS}, "minW3c503": {"description": "503 responses needed", "default": 5}},
    related=["IIS.POOL_SETTINGS"], tags=["iis", "app-pool"]),
    valid=[{"name": "no 503", "facts": {"iisLog": iis_log(responses=[resp("ClientWebService", 200, 0, 0, 400)])}}],
    invalid=[{"name": "503 bursts", "facts": {"iisLog": iis_log(responses=[resp("ClientWebService", 503, 0, 0, 80)], hourly=[{"hour": "2026-10-02T03:00:00Z", "total": 80, "s401_1": 0, "s401_2": 0, "s401_3": 0, "s401_other": 0, "s500": 0, "s503": 80}])}}])

add(rule("iis-pool-settings", "WsusPool is configured to fall over under load", ["IIS.POOL_SETTINGS"], "medium", ["iisConfig"],
    "WsusPool settings (knowledge/iis.md §8)",
    {"all": [{"fact": "iisPoolSettings", "params": {"minPrivateMemoryKB": {"$param": "minPrivateMemoryKB"}, "minQueueLength": {"$param": "minQueueLength"}, "rapidFailMustBeOff": {"$param": "rapidFailMustBeOff"}}, "path": "$.issues", "operator": "nonEmpty", "value": True}]},
    [{"id": "issues", "label": "Settings and the threshold this rule used", "fact": "iisPoolSettings", "params": {"minPrivateMemoryKB": {"$param": "minPrivateMemoryKB"}, "minQueueLength": {"$param": "minQueueLength"}, "rapidFailMustBeOff": {"$param": "rapidFailMustBeOff"}}, "path": "$.issues", "columns": ["setting", "value", "used", "source"]},
     {"id": "reason", "label": "Configuration read", "fact": "iisPoolSettings", "params": {"minPrivateMemoryKB": {"$param": "minPrivateMemoryKB"}, "minQueueLength": {"$param": "minQueueLength"}, "rapidFailMustBeOff": {"$param": "rapidFailMustBeOff"}}, "path": "$.reason"}],
    "WsusPool: {{#each evidence.issues}}{{setting}} = {{value}} ({{used}}){{#unless @last}}; {{/unless}}{{/each}}.",
    "Under load (many clients, a large metadata cache after Patch Tuesday) the pool recycles on its memory limit, fills its queue (HTTPERR QueueFull) or is stopped by rapid-fail protection (AppOffline): clients get 503 and stop reporting.",
    POOL_REMEDIATION, confidence="confirmed",
    description="Sources disagree on the private memory limit: Microsoft's best practices say 0 (no limit), the ConfigMgr planning page ×4 of the 1,843,200 KB default (7,372,800 KB), the connection article 4–8 GB. This rule flags a limit that is set and below minPrivateMemoryKB (default 4 GB), a queue below minQueueLength (Microsoft: 2000) and rapid-fail protection on (community guidance); each row names the threshold used. Attributes absent from applicationHost.config take the IIS defaults (queue 1000, rapid-fail on).",
    params={"minPrivateMemoryKB": {"description": "a private memory limit set below this is too low (KB)", "default": 4194304}, "minQueueLength": {"description": "queue length threshold", "default": 2000}, "rapidFailMustBeOff": {"description": "flag rapid-fail protection", "default": True}},
    applicable={"all": [{"fact": "iisPoolSettings", "params": {"minPrivateMemoryKB": {"$param": "minPrivateMemoryKB"}, "minQueueLength": {"$param": "minQueueLength"}, "rapidFailMustBeOff": {"$param": "rapidFailMustBeOff"}}, "path": "$.evaluable", "operator": "equal", "value": True}]},
    notEvaluatedReason="{{evidence.reason}}", related=["IIS.POOL_UNAVAILABLE"], tags=["iis", "app-pool"]),
    valid=[{"name": "tuned pool", "facts": {"iisConfig": iis_config()}}],
    invalid=[{"name": "WSUS setup defaults", "facts": {"iisConfig": iis_config(pool=pool(queueLength=1000, privateMemoryKB=1843200, rapidFailProtection=True, explicit=["recycling.periodicRestart.privateMemory"]))}}],
    not_evaluated=[{"name": "no WsusPool", "facts": {"iisConfig": iis_config(pool=pool(found=False))}}])

add(rule("iis-ssl-config", "The WSUS site's SSL set-up does not match the policy URL or the five SSL web services", ["IIS.SSL_CONFIG"], "high", ["iisConfig"],
    "SSL (knowledge/iis-vdirs.md §2 \"The five SSL vdirs\")",
    {"all": [{"fact": "iisSslConfig", "path": "$.problems", "operator": "nonEmpty", "value": True}]},
    [{"id": "problems", "label": "SSL problems", "fact": "iisSslConfig", "path": "$.problems", "columns": ["problem", "detail"]},
     {"id": "policy", "label": "Policy URLs compared", "fact": "iisSslConfig", "path": "$.policy", "columns": ["setting", "view", "value"]}],
    "{{#each evidence.problems}}{{problem}}: {{detail}}{{#unless @last}}; {{/unless}}{{/each}}.",
    "With SSL mismatched clients either cannot connect (no https binding, wrong port), get 403.4 (SSL required while the policy says http), or fail scans with 0x80072f0c (client certificates required).",
    ["When WSUS uses SSL: bind https (8531) with a certificate the clients trust, require SSL on exactly ApiRemoting30, ClientWebService, DssAuthWebService, ServerSyncWebService and SimpleAuthWebService (client certificates Ignore), never on Content, Inventory, ReportingWebService, SelfUpdate or the site root.",
     {"text": "Then tell WSUS and use the https URL with its port in the policy:", "commands": ["\"%ProgramFiles%\\Update Services\\Tools\\WsusUtil.exe\" configuressl <server FQDN>"]},
     "Without SSL: clear Require SSL on the five web services and keep the policy URL http://server:8530.",
     "Remember update files are always fetched on the HTTP port (SSL port − 1): /Content/ on 8530 next to https on 8531 is normal."],
    confidence="confirmed",
    description="Needs applicationHost.config; compares with the policy URL (WUServer) when Group Policy evidence is in the bundle. Content on the HTTP port with https web services is normal and not flagged.",
    applicable={"all": [{"fact": "iisSslConfig", "path": "$.evaluable", "operator": "equal", "value": True}]},
    notEvaluatedReason="no WSUS site in the IIS configuration", related=["GPO.PORT"], tags=["iis", "ssl"]),
    valid=[{"name": "http policy, no SSL required", "facts": {"iisConfig": iis_config(), "gpo": gpo_reg("http://wsus01.contoso.local:8530")}},
           {"name": "https policy with the five requiring SSL", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(ssl=True)), "gpo": gpo_reg("https://wsus01.contoso.local:8531")}}],
    invalid=[{"name": "https policy without https binding", "facts": {"iisConfig": iis_config(https=False), "gpo": gpo_reg("https://wsus01.contoso.local:8531")}},
             {"name": "SSL required on Content", "facts": {"iisConfig": iis_config(vdirs=good_vdirs(Content={"sslFlags": "Ssl", "requireSsl": True}))}}])

add(rule("iis-content-missing", "Many update files are missing under /Content/ (HTTP 404)", ["IIS.CONTENT_MISSING"], "medium", ["iisLog"],
    "404 under /Content (knowledge/iis.md §10)",
    {"all": [{"fact": "iisErrorRate", "params": {"status": 404, "vdirs": ["Content"], "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.exceeded", "operator": "equal", "value": True}]},
    [{"id": "rows", "label": "404 responses under /Content/", "fact": "iisErrorRate", "params": {"status": 404, "vdirs": ["Content"], "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.rows", "columns": ["vdir", "status", "substatus", "win32", "win32Name", "count", "first", "last"]},
     {"id": "rate", "label": "Share of /Content/ requests", "fact": "iisErrorRate", "params": {"status": 404, "vdirs": ["Content"], "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.percent"},
     {"id": "samples", "label": "Log lines", "fact": "iisErrorRate", "params": {"status": 404, "vdirs": ["Content"], "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.samples", "columns": ["file", "line", "text"]}],
    "{{#each evidence.rows}}{{this.count}} × 404.{{substatus}}{{#unless @last}}, {{/unless}}{{/each}} under /Content/ ({{evidence.rate}} of its requests).",
    "Clients cannot download approved updates or EULAs (0x80244019, 0x80240033) and keep retrying.",
    ["Check the Content vDir points to <ContentDir>\\WsusContent (registry HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup\\ContentDir) and that NETWORK SERVICE can read it.",
     {"text": "Let WSUS re-download missing files, then watch SoftwareDistribution.log:", "commands": ["\"%ProgramFiles%\\Update Services\\Tools\\WsusUtil.exe\" reset"]}],
    confidence="confirmed",
    description="A few 404s are normal (files still downloading); the rule needs at least minErrors and minRate of the /Content/ requests.",
    params={"minErrors": {"description": "404 responses needed", "default": 20}, "minRate": {"description": "share of /Content/ requests (0.05 = 5 %)", "default": 0.05}},
    tags=["iis", "content"]),
    valid=[{"name": "a few 404s", "facts": {"iisLog": iis_log(responses=[resp("Content", 200, 0, 0, 900), resp("Content", 404, 0, 2, 3)])}}],
    invalid=[{"name": "content folder wrong", "facts": {"iisLog": iis_log(responses=[resp("Content", 200, 0, 0, 100), resp("Content", 404, 0, 2, 80)])}}])

add(rule("iis-server-errors", "The WSUS web services answer HTTP 500 at a significant rate", ["IIS.SERVER_ERRORS"], "high", ["iisLog"],
    "500 on the web services (knowledge/iis.md §10)",
    {"all": [{"fact": "iisErrorRate", "params": {"status": 500, "vdirs": {"$param": "vdirs"}, "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.exceeded", "operator": "equal", "value": True}]},
    [{"id": "rows", "label": "500 responses by virtual directory", "fact": "iisErrorRate", "params": {"status": 500, "vdirs": {"$param": "vdirs"}, "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.rows", "columns": ["vdir", "status", "substatus", "meaning", "win32", "count", "first", "last"]},
     {"id": "rate", "label": "Share of web-service requests", "fact": "iisErrorRate", "params": {"status": 500, "vdirs": {"$param": "vdirs"}, "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.percent"},
     {"id": "samples", "label": "Log lines", "fact": "iisErrorRate", "params": {"status": 500, "vdirs": {"$param": "vdirs"}, "minErrors": {"$param": "minErrors"}, "minRate": {"$param": "minRate"}}, "path": "$.samples", "columns": ["file", "line", "text"]}],
    "{{#each evidence.rows}}{{this.count}} × 500.{{substatus}} on {{vdir}}{{#unless @last}}, {{/unless}}{{/each}} ({{evidence.rate}} of web-service requests).",
    "Clients get 0x8024401C / 0x80244022 and cannot finish a scan or report.",
    [{"text": "Check WSUS health and the Application log (12002–12072 events):", "commands": ["\"%ProgramFiles%\\Update Services\\Tools\\WsusUtil.exe\" checkhealth"]},
     "500.24 on every vDir: disable ASP.NET impersonation on the site and the nine vDirs (KB 2737219). 500.19: repair applicationHost.config / web.config.",
     "Otherwise check the permissions (ACL.* findings), SUSDB availability, and the pool's memory (IIS.POOL_SETTINGS); decline superseded updates when 500s follow Patch Tuesday."],
    confidence="confirmed",
    description="ASP.NET web services return SOAP faults as 500, so a few are normal; the rule needs minErrors and minRate of the web-service requests.",
    params={"vdirs": {"description": "web-service vDirs", "default": WEB_SERVICES}, "minErrors": {"description": "500 responses needed", "default": 10}, "minRate": {"description": "share of web-service requests (0.02 = 2 %)", "default": 0.02}},
    related=["ACL.NETWORK_SERVICE", "IIS.POOL_SETTINGS"], tags=["iis"]),
    valid=[{"name": "0.2 % 500s", "facts": {"iisLog": iis_log(responses=[resp("ClientWebService", 200, 0, 0, 5000), resp("ClientWebService", 500, 0, 0, 10)])}}],
    invalid=[{"name": "impersonation 500.24", "facts": {"iisLog": iis_log(responses=[resp("ClientWebService", 200, 0, 0, 50), resp("ClientWebService", 500, 24, 50, 60)])}}])

add(rule("iis-clients-not-reporting", "Clients scan but do not report, or were last seen long ago", ["IIS.CLIENTS_NOT_REPORTING"], "high", ["iisLog"],
    "Clients not reporting (knowledge/iis.md §5)",
    {"all": [{"fact": "iisSilentClients", "params": {"minWindowHours": {"$param": "minWindowHours"}, "minObservedHours": {"$param": "minObservedHours"}, "staleAfterHours": {"$param": "staleAfterHours"}}, "path": "$.count", "operator": "greaterThan", "value": 0}]},
    [{"id": "clients", "label": "Clients", "fact": "iisSilentClients", "params": {"minWindowHours": {"$param": "minWindowHours"}, "minObservedHours": {"$param": "minObservedHours"}, "staleAfterHours": {"$param": "staleAfterHours"}}, "path": "$.clients", "columns": ["ip", "problem", "firstScan", "lastContact", "reportingPosts", "userAgent"]},
     {"id": "reason", "label": "Log window", "fact": "iisSilentClients", "params": {"minWindowHours": {"$param": "minWindowHours"}, "minObservedHours": {"$param": "minObservedHours"}, "staleAfterHours": {"$param": "staleAfterHours"}}, "path": "$.reason"}],
    "{{evidence.clients.length}} client address(es) scan but do not report or went silent: {{#each evidence.clients}}{{ip}}{{#unless @last}}, {{/unless}}{{/each}} ({{evidence.reason}}).",
    "These clients do not send their installation status, so the WSUS console shows them as not reporting.",
    ["Check first that reporting is not failing on the server (401/500/503 on ReportingWebService: the other IIS findings) and that WUStatusServer points to this server (GPO.STATUS_SERVER).",
     {"text": "On each listed client, read WindowsUpdate.log (Get-WindowsUpdateLog on Windows 10+) for reporting errors, then force detection and reporting:", "commands": ["wuauclt /reportnow", "usoclient StartScan"]},
     "A c-ip identifies a client only without a proxy or NAT in between; many clients behind one address look like one."],
    confidence="inferred",
    description="Per client address in the log window: contacted ClientWebService (first scan at least minObservedHours before the window end) but never posted to ReportingWebService, or last contact more than staleAfterHours before the window end. Windows shorter than minWindowHours (two 22-hour detection cycles) are not evaluated. Server self-requests are excluded.",
    params={"minWindowHours": {"description": "minimum log window", "default": 48}, "minObservedHours": {"description": "a client's first scan must be this long before the window end", "default": 24}, "staleAfterHours": {"description": "last contact this long before the window end = silent", "default": 72}},
    applicable={"all": [{"fact": "iisSilentClients", "params": {"minWindowHours": {"$param": "minWindowHours"}, "minObservedHours": {"$param": "minObservedHours"}, "staleAfterHours": {"$param": "staleAfterHours"}}, "path": "$.evaluable", "operator": "equal", "value": True}]},
    notEvaluatedReason="{{evidence.reason}}", related=["GPO.STATUS_SERVER"], tags=["iis", "clients"]),
    valid=[{"name": "client reports", "facts": {"iisLog": iis_log(clients=[client("10.1.0.21", {"ClientWebService": svc(), "ReportingWebService": svc(requests=3, ok=3)})])}}],
    invalid=[{"name": "client never reports", "facts": {"iisLog": iis_log(clients=[client("10.1.0.22", {"ClientWebService": svc()})])}}],
    not_evaluated=[{"name": "a 6-hour window", "facts": {"iisLog": iis_log(window={"first": "2026-10-01T00:00:00Z", "last": "2026-10-01T06:00:00Z", "hours": 6})}}])

os.makedirs(OUT, exist_ok=True)
for r, tests in RULES:
    with open(f"{OUT}/{r['id']}.json", "w") as f: json.dump(r, f, indent=2, ensure_ascii=False); f.write("\n")
    with open(f"{OUT}/{r['id']}.test.json", "w") as f: json.dump(tests, f, indent=2, ensure_ascii=False); f.write("\n")
print(len(RULES), "rules")
