import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { coverageProblems } from "../../src/detections/coverage";
import { deployedRule } from "../../src/detections/rule";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { parameterValues } from "../../src/kql/parameters";
import { configOf, EDGE_AUTH, problemsOf, ROOT } from "../helpers";

function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-coverage-"));
  for (const d of ["queries", "alerts"]) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  return dir;
}

describe("detection test coverage", () => {
  it("every alert and every security query has an attack and a normal-use test", () => {
    expect(coverageProblems(ROOT)).toEqual([]);
  });

  it("names a detection without a test file, and one whose file lacks either kind of scenario", () => {
    const dir = projectCopy();
    fs.rmSync(path.join(dir, "queries/tests/mcp-session-shared.yaml"));
    const spike = path.join(dir, "alerts/tests/alert-mcp-denied-spike.yaml");
    // Keep only the scenarios that page: the file then proves the rule fires, never that it stays quiet.
    const text = fs.readFileSync(spike, "utf8");
    fs.writeFileSync(spike, text.split(/\n(?= {2}- name: )/).filter((block) => !/expect: never fires/.test(block)).join("\n"));
    expect(coverageProblems(dir)).toEqual([
      "alerts/tests/alert-mcp-denied-spike.yaml: no normal-use scenario; add a test with expect: never fires",
      "queries/mcp-session-shared.kql: no test file; add queries/tests/mcp-session-shared.yaml with a scenario that returns rows and one that returns none (it is a security query)",
    ]);
  });
});

describe("unusualActivityThreshold", () => {
  const base = { "mcp-guard:environment": "prod", "mcp-guard:alertEmails": ["sec@contoso.com"], "mcp-guard:gatewayImage": "ghcr.io/contoso/mcp-gateway:1.4.2", ...EDGE_AUTH };
  const alert = loadAlertFiles(path.join(ROOT, "alerts"), loadQueryCatalog(path.join(ROOT, "queries"))).find((a) => a.name === "alert-mcp-unusual-activity");

  it("replaces the alert file's 100 tool calls in the stack that sets it, and only that alert's", () => {
    if (!alert) throw new Error("alert-mcp-unusual-activity is not shipped");
    const config = configOf({ ...base, "mcp-guard:unusualActivityThreshold": 250 }, "prod");
    expect(config.alertThresholds).toEqual({ "alert-mcp-unusual-activity": 250 });
    expect(deployedRule(alert, "prod", parameterValues({}), config.alertThresholds).condition.threshold).toBe(250);
    expect(deployedRule(alert, "prod", parameterValues({}), configOf(base, "prod").alertThresholds).condition.threshold).toBe(100);
  });

  it("rejects a threshold that is not a positive whole number", () => {
    expect(problemsOf({ ...base, "mcp-guard:unusualActivityThreshold": 0 }, "prod")).toEqual([expect.stringMatching(/^mcp-guard:unusualActivityThreshold: /)]);
  });
});
