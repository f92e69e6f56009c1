import { test } from "node:test";
import assert from "node:assert/strict";
import { AREAS } from "../../src/result/types.js";
import { CHECKS, findCheck } from "../../src/knowledge/checks.js";

// The catalogue of ../shared/CHECKS.md, in its order.
const CATALOGUE = [
  "GPO.LINKED",
  "GPO.AU_CONFIGURED",
  "GPO.INTRANET_LOCATION",
  "GPO.STATUS_SERVER",
  "GPO.SERVER_URL",
  "GPO.DUAL_SCAN",
  "GPO.PORT",
  "ACL.NETWORK_SERVICE",
  "ACL.PROCMON_DENIED",
  "IIS.401_1",
  "IIS.401_2",
  "IIS.401_3",
  "IIS.VDIR_AUTH",
  "IIS.ANON_IDENTITY",
  "IIS.POOL_UNAVAILABLE",
  "IIS.POOL_SETTINGS",
  "IIS.SSL_CONFIG",
  "IIS.CONTENT_MISSING",
  "IIS.SERVER_ERRORS",
  "IIS.CLIENTS_NOT_REPORTING",
  "EVT.HEALTH_ERRORS",
  "NPS.NO_WSUS_SERVER",
  "NPS.WUA_COMM_FAILURE",
  "NPS.WUA_SERVICE",
  "NPS.NO_CLIENT_ID",
  "NPS.REBOOT_REQUIRED",
  "NPS.UPDATE_SOURCE",
  "NPS.WSC_DOWN",
  "NPS.COMPONENT_STATE",
  "NPS.INVALID_SOH",
  "CLIENTS.STALE",
  "CLIENTS.SYNC_NO_REPORT",
  "CLIENTS.NOT_REGISTERED",
  "CLIENTS.DUPLICATE_ID",
  "CLIENT.HTTP_ERRORS",
  "CLIENT.CONNECTION",
  "CLIENT.WRONG_SERVER",
  "CLIENT.SCAN_FAILED",
  "CLIENT.REPORTING_FAILED",
];

test("the check catalogue lists every CHECKS.md check once, in order, with its area", () => {
  assert.deepEqual(
    CHECKS.map((c) => c.id),
    CATALOGUE,
  );
  for (const check of CHECKS) {
    assert.ok((AREAS as readonly string[]).includes(check.area), check.id);
    assert.equal(check.area, check.id.split(".")[0]?.toLowerCase(), check.id);
    assert.ok(check.title.length > 10 && check.remediation.length > 10, check.id);
  }
  assert.equal(findCheck("IIS.401_3")?.area, "iis");
  assert.equal(findCheck("CUSTOM.X"), undefined);
});
