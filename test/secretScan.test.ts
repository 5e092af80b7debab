import { ConfigError } from "../src/config";
import { diffDigests } from "../src/plan/diff";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { stackConfigFromMap } from "../src/plan/projectFiles";
import { renderPlan } from "../src/plan/render";
import { renderDiffMarkdown, renderDiffText } from "../src/plan/renderDiff";
import { configOf, planStack, PROJECT, ROOT, stackMap } from "./helpers";

/*
 * Known values planted as secrets, as Pulumi hands them to the program once decrypted, must never
 * surface: not in the plan JSON, the printed plan, the diff, or an error message.
 */
const PLANTED = {
  githubToken: "ghp_PLANTEDsecretVALUE0123456789abcdefABCD",
  callbackUrl: "https://prod-07.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=PLANTEDsig0123456789",
};
const leaks = (text: string) => Object.values(PLANTED).filter((v) => text.includes(v) || text.includes(v.slice(10, 30)));

async function planWithSecrets(): Promise<Plan> {
  const cfg = stackConfigFromMap(PROJECT, {
    ...stackMap("staging"),
    "mcp-guard:alertLogicApps": [{ name: "ticketing", resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-ticketing" }],
  });
  // As `pulumi config set --secret` leaves them after decryption: plain values, keys marked secret.
  cfg.values["mcp-guard:secretValues"] = JSON.stringify({ "github-mcp-token": PLANTED.githubToken });
  cfg.values["mcp-guard:alertLogicAppCallbackUrls"] = JSON.stringify({ ticketing: PLANTED.callbackUrl });
  const secretKeys = [...cfg.secretKeys, "mcp-guard:secretValues", "mcp-guard:alertLogicAppCallbackUrls"].sort();
  return runPlan({ projectDir: ROOT, stack: "staging", config: { values: cfg.values, secretKeys } });
}

describe("secret scanning", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planWithSecrets();
  });

  it("the secrets reached their resources (so the test would see a leak)", () => {
    const secret = plan.digest.steps.find((s) => s.newState?.inputs.secretName === "github-mcp-token");
    expect(JSON.stringify(secret?.newState?.inputs)).toContain('"ciphertext":"[secret]"');
    const group = plan.digest.steps.find((s) => Array.isArray(s.newState?.inputs.logicAppReceivers) && (s.newState?.inputs.logicAppReceivers as unknown[]).length === 1);
    expect(JSON.stringify(group?.newState?.inputs)).toContain('"callbackUrl":{');
  });

  it("never appear in the plan JSON, its outputs or the printed plan", () => {
    expect(leaks(JSON.stringify(plan.digest))).toEqual([]);
    expect(leaks(JSON.stringify(plan.outputs))).toEqual([]);
    expect(leaks(renderPlan(plan))).toEqual([]);
  });

  it("never appear in a diff that adds them", async () => {
    const d = diffDigests((await planStack("staging")).digest, plan.digest);
    expect(d.changes.length).toBeGreaterThan(0);
    expect(leaks(renderDiffMarkdown(d, "staging"))).toEqual([]);
    expect(leaks(renderDiffText(d, "staging"))).toEqual([]);
  });

  it("never appear in the error when a secret is set without --secret", () => {
    let problems: string[] = [];
    try {
      configOf({ ...stackMap("dev"), "mcp-guard:secretValues": { "github-mcp-token": PLANTED.githubToken }, "mcp-guard:alertLogicAppCallbackUrls": { x: PLANTED.callbackUrl } });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([
      "mcp-guard:alertLogicAppCallbackUrls: must be a secret; set it with pulumi config set --secret --path 'alertLogicAppCallbackUrls.<name>' <value> (the plain-text value is not shown)",
      "mcp-guard:secretValues: must be a secret; set it with pulumi config set --secret --path 'secretValues.<name>' <value> (the plain-text value is not shown)",
    ]);
    expect(leaks(problems.join("\n"))).toEqual([]);
  });
});
