import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BASELINE_CONFIG_FILE, baselineConfigSource } from "../scripts/baselineConfig";
import { checkBaselineArgs, McpGovernanceBaseline } from "../src/components/baseline";
import { McpBaselineConfig } from "../src/components/baselineConfig";
import { checkConfig, ConfigKey, configShape } from "../src/config";
import { InputError } from "../src/errors";
import { Environment, ENVIRONMENTS } from "../src/naming";
import { stackConfigFromMap } from "../src/plan/projectFiles";
import { isSecret } from "../src/plan/digest";
import { runPlan } from "../src/plan/offlinePlan";
import { one, PROJECT, problemsOf, ROOT, stackMap } from "./helpers";

/*
 * The baseline's portable `config` arg is generated from the stack config's schema and docs; these
 * checks fail when it is stale, when a field's type is not exactly the schema's, and when the baseline
 * checks its args otherwise than the program checks stack config.
 */

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The credential maps take Outputs; every other field is exactly what the stack config schema accepts. */
type Expected<K extends ConfigKey> = K extends "secretValues" | "alertLogicAppCallbackUrls" ? Record<string, pulumi.Input<string>> : z.infer<(typeof configShape)[K]>;
type Mismatched = { [K in ConfigKey]-?: Same<NonNullable<McpBaselineConfig[K]>, Expected<K>> extends true ? never : K }[ConfigKey];
// Compile-time: `tsc --noEmit -p .` fails here, naming the key, when a field drifts from configShape.
const noMismatch: [Mismatched] extends [never] ? "none" : Mismatched = "none";
const sameKeys: Same<keyof McpBaselineConfig, ConfigKey> = true;

const DIRS = { queriesDir: path.join(ROOT, "queries"), alertsDir: path.join(ROOT, "alerts"), serversDir: path.join(ROOT, "servers") };

/** A shipped stack's config as the portable arg, typed by the same check the program runs. */
function portable(stack: string): McpBaselineConfig {
  return checkConfig({ project: PROJECT.name, stack: "test", ...stackConfigFromMap(PROJECT, stackMap(stack)) });
}

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}

describe("McpBaselineConfig, the baseline's portable config arg", () => {
  it("is the file scripts/baselineConfig.ts generates from configShape and configDocs", () => {
    expect(fs.readFileSync(BASELINE_CONFIG_FILE, "utf8")).toBe(baselineConfigSource());
  });

  it("has exactly the stack config's keys, each typed as the schema (checked at compile time)", () => {
    expect(noMismatch).toBe("none");
    expect(sameKeys).toBe(true);
    const fields = baselineConfigSource().split("export interface McpBaselineConfig {")[1];
    expect(fields.match(/^ {2}(\w+)\?:/gm)?.map((l) => l.trim().replace("?:", ""))).toEqual(Object.keys(configShape));
  });

  it("documents every field with its default", () => {
    const fields = baselineConfigSource().split("export interface McpBaselineConfig {")[1];
    expect(fields.match(/@default /g)).toHaveLength(Object.keys(configShape).length);
  });

  it("uses an Environment enum that lists every environment once", () => {
    expect([...ENVIRONMENTS].sort()).toEqual(Object.values(Environment).sort());
  });
});

describe("the baseline's args are checked as stack config is", () => {
  const registered: string[] = [];
  beforeAll(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => (registered.push(a.type), { id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, PROJECT.name, "test", true);
  });

  it("accepts every shipped stack's config", () => {
    for (const stack of ["dev", "staging", "prod"]) expect(problems(() => checkBaselineArgs({ config: portable(stack), ...DIRS }))).toEqual([]);
  });

  // One config the schema refuses, one it accepts but the rules across keys and the date refuse.
  const BAD: Record<string, McpBaselineConfig> = {
    schema: { environment: "prod", location: "West Europe", logRetentionDays: 20, alertEmails: [], gatewayAuthTenantId: "not-a-guid", secrets: [{ name: "a_b", contentType: "github-pat", owner: "", expires: "2027-02-30" }] },
    "cross-key": {
      ...portable("staging"),
      logRetentionDays: 400,
      auditLogTotalRetentionDays: 100,
      alertEmails: ["security@example.com", "SECURITY@example.com"],
      keyVaultAllowedIpRanges: ["20.50.0.0/24"],
      gatewaySecretNames: ["missing-token"],
      secrets: [{ name: "github-mcp-token", contentType: "github-pat", owner: "platform-team", expires: "2020-01-01" }],
    },
  };

  it.each(Object.keys(BAD))("%s: lists the same problems as stack config, each named config.<key>, and registers nothing", (name) => {
    const config = BAD[name];
    const stackProblems = problemsOf(Object.fromEntries(Object.entries(config).map(([k, v]) => [`mcp-guard:${k}`, v])));
    expect(stackProblems.length).toBeGreaterThanOrEqual(5);
    const thrown = problems(() => new McpGovernanceBaseline("mcp-guard", { resourceGroupName: "rg", config, ...DIRS }));
    expect(thrown).toEqual(stackProblems.map((p) => p.replace(/^mcp-guard:/, "config.")));
    expect(thrown.every((p) => p.startsWith("config."))).toBe(true);
    expect(registered).toEqual([]);
  });

  it("names the args in its error and never shows a credential's value", () => {
    const config: McpBaselineConfig = { ...portable("dev"), secretValues: { "github-mcp-token": "ghp_plaintextvalue1", "no-such-secret": pulumi.secret("ghp_outputvalue2") } };
    let message = "";
    try {
      checkBaselineArgs({ config, ...DIRS });
    } catch (err) {
      message = err instanceof Error ? err.message : "";
    }
    expect(message.split("\n")).toEqual(["invalid McpGovernanceBaseline args:", "config.secretValues.no-such-secret: names no secret in the catalog; allowed github-mcp-token, ado-mcp-token, analytics-db-readonly, mcp-gateway-bearer-token"]);
  });

  it("passes each credential on as given, as a secret, not the stand-in its check saw", async () => {
    const token = pulumi.output(Promise.resolve("ghp_0123456789abcdefghijklmnopqrstuvwxyz"));
    const url = pulumi.output(Promise.resolve("https://prod-00.westeurope.logic.azure.com/workflows/abc/invoke?sig=notarealsignature0"));
    const checked = checkBaselineArgs({
      config: {
        ...portable("dev"),
        secretValues: { "github-mcp-token": token },
        alertLogicApps: [{ name: "soc-triage", resourceId: "/subscriptions/s/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/soc-triage" }],
        alertLogicAppCallbackUrls: { "soc-triage": url },
      },
      ...DIRS,
    });
    const value = pulumi.output(checked.config.secrets.find((e) => e.name === "github-mcp-token")?.value);
    const callback = checked.config.alerting.logicApps[0].callbackUrl;
    expect(await pulumi.isSecret(value)).toBe(true);
    expect(await pulumi.isSecret(callback)).toBe(true);
    expect(await new Promise((done) => pulumi.all([value, callback]).apply(done))).toEqual(["ghp_0123456789abcdefghijklmnopqrstuvwxyz", "https://prod-00.westeurope.logic.azure.com/workflows/abc/invoke?sig=notarealsignature0"]);
  });

  it("loads the package's own catalog, alerts and approval registry when no directories are given", () => {
    const own = checkBaselineArgs({ config: portable("dev") });
    const given = checkBaselineArgs({ config: portable("dev"), ...DIRS });
    expect(own.queries.map((q) => q.name)).toEqual(given.queries.map((q) => q.name));
    expect(own.alerts.map((a) => a.name)).toEqual(given.alerts.map((a) => a.name));
    expect(own.approvals).toEqual(given.approvals);
    expect(own.approvals.servers.length).toBeGreaterThan(0);
  });

  it("refuses a broken catalog directory before anything is registered", () => {
    expect(problems(() => new McpGovernanceBaseline("broken", { resourceGroupName: "rg", config: portable("dev"), ...DIRS, queriesDir: path.join(ROOT, "test/fixtures/broken-queries/queries") })).length).toBeGreaterThan(0);
    expect(registered).toEqual([]);
  });
});

describe("the baseline's credentials", () => {
  it("stay secrets when given as plain Outputs, up to the Key Vault secret and the Logic App receiver", async () => {
    const plan = await runPlan({ projectDir: path.join(ROOT, "test/fixtures/baseline-secrets"), stack: "dev", config: stackConfigFromMap(PROJECT, stackMap("dev")) });
    const secret = one(plan, "azure-native:keyvault:Secret", (s) => s.urn.endsWith("::secrets-secret-github-mcp-token"));
    expect(isSecret((secret.inputs.properties as Record<string, unknown>).value)).toBe(true);
    const group = one(plan, "azure-native:monitor:ActionGroup", (s) => s.inputs.groupShortName !== undefined && Array.isArray(s.inputs.logicAppReceivers) && s.inputs.logicAppReceivers.length > 0);
    const receivers = group.inputs.logicAppReceivers;
    expect(Array.isArray(receivers) && receivers.length === 1 && isSecret(receivers[0].callbackUrl)).toBe(true);
    const text = JSON.stringify(plan);
    expect(text).not.toContain("ghp_0123456789abcdefghijklmnopqrstuvwxyz");
    expect(text).not.toContain("notarealsignature0");
  });
});
