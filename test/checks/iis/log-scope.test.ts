/** iisLogScope: whether the IIS logs can show a WSUS problem, and the reason when they cannot. */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import type { Facts } from "../../../src/collectors/facts.js";
import type { IisLogFacts } from "../../../src/collectors/iis-log/facts.js";
import type { IisConfigFacts } from "../../../src/collectors/iis-config/facts.js";
import { iisLogScope } from "../../../src/checks/iis/log-scope.js";

const response = (vdir: string, status: number, count: number) => ({
  vdir,
  status,
  substatus: 0,
  win32: 0,
  count,
  first: "2026-11-16T08:00:00Z",
  last: "2026-11-16T09:00:00Z",
});

function facts(log: Pick<IisLogFacts, "requests" | "rejected" | "responses">, siteId?: number): Facts {
  return {
    bundle: { name: "t", manifest: {}, wsus: {}, sources: [], kinds: [] },
    iisLog: log as IisLogFacts,
    ...(siteId ? { iisConfig: { site: { id: siteId } } as unknown as IisConfigFacts } : {}),
  };
}

test("another site's log: not observable, the paths it holds and the WSUS site's W3SVC folder named", () => {
  const scope = iisLogScope(
    facts(
      { requests: 7, rejected: 0, responses: [response("owa", 200, 4), response("ews", 500, 3)] },
      1572271583,
    ),
  );
  assert.equal(scope.observable, false);
  assert.equal(scope.wsusRequests, 0);
  assert.equal(
    scope.reason,
    "the IIS logs hold no request to a WSUS virtual directory (7 requests, to /owa, /ews): they may be another site's — the WSUS site is W3SVC1572271583",
  );
});

test("without applicationHost.config the reason says where the WSUS site's logs are", () => {
  const scope = iisLogScope(facts({ requests: 1, rejected: 0, responses: [response("/", 200, 1)] }));
  assert.match(scope.reason, /another site's — the WSUS site's logs are in a W3SVC<siteID> folder/);
});

test("every line rejected: not observable, with the count", () => {
  const scope = iisLogScope(facts({ requests: 0, rejected: 3, responses: [] }));
  assert.equal(scope.observable, false);
  assert.match(scope.reason, /^the IIS logs hold no usable request \(3 lines were rejected/);
});

test("one request to a WSUS vDir (any case) makes the logs observable", () => {
  const scope = iisLogScope(
    facts({ requests: 5, rejected: 0, responses: [response("owa", 200, 4), response("SelfUpdate", 401, 1)] }),
  );
  assert.equal(scope.observable, true);
  assert.equal(scope.reason, "1 of 5 requests read are to WSUS virtual directories");
});
