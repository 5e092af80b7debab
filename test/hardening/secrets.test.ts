import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, parseConfig } from "../../src/config";
import { CHANGED_SECRET, diffDigests } from "../../src/plan/diff";
import { PreviewDigest } from "../../src/plan/digest";
import { Plan, runPlan } from "../../src/plan/offlinePlan";
import { stackConfigFromMap } from "../../src/plan/projectFiles";
import { renderPlan } from "../../src/plan/render";
import { renderDiffMarkdown, renderDiffText } from "../../src/plan/renderDiff";
import { clone, planStack, PROJECT, problemsOf, ROOT, runCli, secure, stackMap } from "../helpers";

/*
 * "[secret] everywhere" holds for any key a user sets with --secret, not only the keys mcp-guard
 * knows are credentials: canary values planted as Pulumi hands them over once decrypted (plain text,
 * key marked secret) must not surface in the plan JSON, the tree, the diff or an error.
 */
const CANARY = {
  tag: "canary-tag-7f3a9c2e51",
  group: "7f3a9c2e-5151-4c4c-9d9d-0123456789ab",
  webhook: "https://hooks.contoso.example/canary-9d2e7f/alerts",
};
const leaks = (text: string) => Object.values(CANARY).filter((v) => text.includes(v));

function withSecrets(map: Record<string, unknown>, secrets: Record<string, unknown>) {
  const cfg = stackConfigFromMap(PROJECT, map);
  for (const [k, v] of Object.entries(secrets)) cfg.values[k] = typeof v === "string" ? v : JSON.stringify(v);
  return { values: cfg.values, secretKeys: [...new Set([...cfg.secretKeys, ...Object.keys(secrets)])].sort() };
}

describe("any key set with --secret is blinded everywhere", () => {
  let plan: Plan;
  let base: Plan;
  beforeAll(async () => {
    base = await planStack("staging");
    const map = { ...stackMap("staging"), "mcp-guard:alertWebhooks": [{ name: "soc", serviceUri: "https://placeholder.example/x", objectId: "11111111-2222-3333-4444-555555555555", identifierUri: "api://soc" }] };
    const config = withSecrets(map, {
      "mcp-guard:tags": { "cost-center": CANARY.tag },
      "mcp-guard:keyVaultOperatorsGroupId": CANARY.group,
      "mcp-guard:alertWebhooks": [{ name: "soc", serviceUri: CANARY.webhook, objectId: "11111111-2222-3333-4444-555555555555", identifierUri: "api://soc" }],
    });
    plan = await runPlan({ projectDir: ROOT, stack: "staging", config });
  });

  it("the canaries reached resources as secrets (so the test would see a leak)", () => {
    const json = JSON.stringify(plan.digest);
    expect(json).toContain('"cost-center":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"[secret]"}');
    expect(json).toContain('"principalId":{"4dabf18193072939515e22adb298388d"');
  });

  it("in the plan JSON, the printed plan and the diff", () => {
    expect(leaks(JSON.stringify(plan.digest))).toEqual([]);
    expect(leaks(renderPlan(plan))).toEqual([]);
    const d = diffDigests(base.digest, plan.digest);
    expect(d.changes.length).toBeGreaterThan(0);
    expect(leaks(renderDiffMarkdown(d, "t") + renderDiffText(d, "t"))).toEqual([]);
  });

  it("in config errors that would echo the value", () => {
    const problems = (secrets: Record<string, unknown>) => {
      try {
        parseConfig({ project: PROJECT.name, stack: "dev", ...withSecrets({ ...stackMap("dev") }, secrets) });
        return "";
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return e.problems.join("\n");
      }
    };
    const guid = problems({ "mcp-guard:keyVaultOperatorsGroupId": "not-a-guid-canary-77" });
    expect(guid).toBe('mcp-guard:keyVaultOperatorsGroupId: "[secret]" is not a GUID; allowed the form 00000000-0000-0000-0000-000000000000');
    const key = problems({ "mcp-guard:secretValues": { ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: "x-value-1" } });
    expect(key).toMatch(/^mcp-guard:secretValues\.\[secret\]: names no secret in the catalog/);
    expect(key).not.toContain("ghp_");
  });
});

describe("credentials in plain config are refused, never printed", () => {
  const token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
  it.each([
    ["azure-native:clientSecret", "Kx78Q~abcdefghijklmnopqrstuvwxyz0123456", "azure-native:clientSecret: is a credential in plain text; set it with pulumi config set --secret azure-native:clientSecret <value>"],
    ["mcp-guard:tags", { owner: token }, "mcp-guard:tags: holds what looks like a GitHub token in plain text; keep credentials out of config, or set it with pulumi config set --secret mcp-guard:tags <value>"],
    ["mcp-guard:alertEmails", ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"], "mcp-guard:alertEmails: holds what looks like a JSON web token"],
  ])("%s", (key, value, message) => {
    const problems = problemsOf({ ...stackMap("dev"), [key]: value });
    expect(problems.join("\n")).toContain(message);
    expect(problems.join("\n")).not.toContain(typeof value === "string" ? value : JSON.stringify(value).slice(12, 40));
  });

  it("the same values set with --secret pass", () => {
    expect(problemsOf({ ...stackMap("dev"), "azure-native:clientSecret": secure(), "mcp-guard:tags": { owner: secure() } })).toEqual([]);
  });
});

describe("a rotated secret shows as changed, without either value", () => {
  it("offline plans: a new ciphertext in the stack file", async () => {
    const stack = stackMap("dev");
    const name = (stack["mcp-guard:secrets"] as { name: string }[])[0].name;
    const planWith = (ciphertext: string) => runPlan({ projectDir: ROOT, stack: "dev", config: stackConfigFromMap(PROJECT, { ...stack, "mcp-guard:secretValues": { [name]: secure(ciphertext) } }) });
    const [before, after] = [await planWith("v1:AAAAold"), await planWith("v1:BBBBnew")];
    const d = diffDigests(before.digest, after.digest);
    const change = d.changes.find((c) => c.type === "azure-native:keyvault:Secret");
    expect(change?.kind).toBe("update");
    expect(change?.properties).toEqual([{ path: "properties.value", before: "[secret]", after: CHANGED_SECRET }]);
    expect(renderDiffText(d, "t")).toContain('properties.value: "[secret]" => "[secret, changed]"');
  });

  it("Pulumi previews: detailedDiff names the path, both sides are [secret]", () => {
    const step = (value: unknown, extra: object = {}) => ({ op: "update" as const, urn: "urn:pulumi:p::mcp-guard::azure-native:keyvault:Secret::s", ...extra, newState: { urn: "urn:pulumi:p::mcp-guard::azure-native:keyvault:Secret::s", custom: true, type: "azure-native:keyvault:Secret", inputs: { properties: { value } } } });
    const base: PreviewDigest = { steps: [step("[secret]")], changeSummary: {} };
    const head: PreviewDigest = { steps: [step("[secret]", { detailedDiff: { "properties.value": { kind: "update" } } })], changeSummary: {} };
    expect(diffDigests(base, head).changes[0].properties).toEqual([{ path: "properties.value", before: "[secret]", after: CHANGED_SECRET }]);
    expect(diffDigests(base, clone(base)).changes).toEqual([]);
  });
});

describe("error messages never echo a secret", () => {
  it("not the first characters of a --base file that is not JSON", async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-")), "base.json");
    fs.writeFileSync(f, "hunter2-canary-password and more\n");
    const r = await runCli("diff", "--stack", "dev", "--base", f, "--head", f);
    expect(r.code).toBe(2);
    expect(r.err).toContain("not a readable JSON file (invalid JSON");
    expect(r.err).not.toContain("hunter2");
  });
});
