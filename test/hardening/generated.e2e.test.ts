import * as path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { InputError } from "../../src/errors";
import { lintAlert } from "../../src/kql/alertLint";
import { parseAlertFile } from "../../src/kql/alerts";
import { loadQueryCatalog, parseQueryFile } from "../../src/kql/catalog";
import { diffDigests } from "../../src/plan/diff";
import { digestOf } from "../../src/plan/planSource";
import { UsageError } from "../../src/errors";
import { renderDiffMarkdown, renderDiffText } from "../../src/plan/renderDiff";
import { blocking } from "../../src/policy/runner";
import { configOf, planMap, ROOT, secure, stackMap } from "../helpers";

/*
 * The "done when": generated stack configs, alert and query files and plan documents, valid and
 * broken, in the classes that once crashed, leaked or passed as safe. For each: a typed error whose
 * lines name their input, or a clean result; never another exception (a stack trace), never the canary
 * secret in any message or rendering, and no accepted config that plans with a mandatory violation.
 */
const CONFIGS = 2000;
const PLANNED = 4;
const ALERTS = 500;
const PLANS = 500;
// A GitHub token's shape (ghp_ and 36 characters), so the credential check must catch it wherever it is put.
const CANARY = "ghp_CanaryCanaryCanaryCanaryCanary012345";

const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
const octet = fc.integer({ min: 0, max: 255 });
const cidr = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 300 }), octet, octet, octet, fc.integer({ min: 0, max: 33 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.constantFrom("10.60.0.0/26", "10.60.0.64/26", "10.60.0.0/24", "0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "100.64.0.0/10", "169.254.169.254/32", "203.0.113.0/24", "52.160.0.0/16", "VirtualNetwork", "Internet"),
);
const email = fc.oneof(fc.emailAddress(), fc.string(), fc.constantFrom("<script>@x.com", ".a@contoso.com", "a..b@contoso.com", "a\u200b@contoso.com", "sec@\u202econtoso.com"));
const date = fc.oneof(fc.constantFrom("2026-12-01", "2027-01-20", "2027-02-30", "2027-13-01", "soon", "2028-02-29"), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
const tagName = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("environment", "Workload", "azure-x", "hidden-title", "mcp-guard-exception-KV-05", "cost/center", "owner", "team"));
const webhookUri = fc.oneof(fc.webUrl(), fc.constantFrom("https://169.254.169.254/x", "https://168.63.129.16/", "https://2852039166/", "https://localhost/", "http://pager.contoso.com/", `https://u:${CANARY}@pager.contoso.com/`));
const entry = fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), contentType: fc.constantFrom("github-pat", "Not A Type"), owner: fc.constantFrom("platform-team", ""), expires: date });

/** One change to a shipped stack's config: valid, broken, hostile or carrying the canary. */
const mutation = fc.oneof(
  fc.record({ key: fc.constantFrom("location", "workload", "keyVaultSku", "gatewayPlanSku", "resourceGroupName", "keyVaultName"), value: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), junk) }),
  fc.record({ key: fc.constantFrom("logRetentionDays", "auditLogTotalRetentionDays", "keyVaultSoftDeleteRetentionDays", "gatewayInstances", "logDailyQuotaGb"), value: fc.oneof(fc.integer({ min: -10, max: 5000 }), junk) }),
  fc.record({ key: fc.constantFrom("networkAddressSpace", "networkPrivateEndpointSubnet", "networkIntegrationSubnet"), value: cidr }),
  fc.record({ key: fc.constantFrom("networkClientRanges", "keyVaultAllowedIpRanges"), value: fc.array(cidr, { maxLength: 3 }) }),
  fc.record({ key: fc.constantFrom("alertEmails", "oncallEmails"), value: fc.array(email, { maxLength: 3 }) }),
  fc.record({ key: fc.constant("tags"), value: fc.dictionary(tagName, fc.oneof(fc.string({ maxLength: 20 }), fc.constant(CANARY)), { maxKeys: 4 }) }),
  fc.record({ key: fc.constant("secrets"), value: fc.array(entry, { maxLength: 2 }) }),
  fc.record({ key: fc.constant("alertWebhooks"), value: fc.array(fc.record({ name: fc.constantFrom("pager", "email-0"), serviceUri: webhookUri, objectId: fc.uuid(), identifierUri: fc.constant("api://pager") }), { maxLength: 2 }) }),
  fc.record({ key: fc.constant("workload"), value: fc.constant(null) }),
  fc.record({ key: fc.constant("keyVaultOperatorsGroupId"), value: fc.constant(secure("v1:CanaryCiphertext")) }),
  fc.record({ key: fc.stringMatching(/^[a-zA-Z]{3,18}$/), value: fc.oneof(junk, fc.constant(CANARY)) }),
);

const config = fc.record({ env: fc.constantFrom("dev", "staging", "prod"), changes: fc.array(mutation, { maxLength: 3 }) }).map(({ env, changes }) => {
  const map: Record<string, unknown> = stackMap(env);
  for (const c of changes) map[`mcp-guard:${c.key}`] = c.value;
  return { env, map };
});

/** Runs `f`; an InputError or UsageError is a user's answer, anything else a crash. */
function answer(f: () => void): string[] {
  try {
    f();
    return [];
  } catch (err) {
    if (err instanceof InputError) return [err.message, ...err.problems];
    if (err instanceof UsageError) return [err.message];
    throw err;
  }
}

describe("generated input never crashes, never leaks, never passes as safe", () => {
  it(`${CONFIGS} stack configs`, async () => {
    const valid: { env: string; map: Record<string, unknown> }[] = [];
    let refused = 0;
    fc.assert(
      fc.property(config, ({ env, map }) => {
        const lines = answer(() => configOf(map, env));
        for (const l of lines) expect(l).not.toContain(CANARY);
        if (lines.length === 0) valid.push({ env, map });
        else {
          refused++;
          for (const p of lines.slice(1)) expect(p).toMatch(/^(mcp-guard:[A-Za-z]+|[\w-]+:[\w-]+)(\.[\w-]+|\[\d+\]|\["([^"\\\n]|\\.)*"\])*: [^\n]+$/);
        }
      }),
      { numRuns: CONFIGS, seed: 20261202 },
    );
    expect(refused).toBeGreaterThan(CONFIGS / 4);
    expect(valid.length).toBeGreaterThan(PLANNED);
    for (const { env, map } of valid.slice(0, PLANNED)) {
      const plan = await planMap(map, env);
      expect(blocking(plan.violations)).toEqual([]);
      expect(JSON.stringify(plan)).not.toContain(CANARY);
    }
  }, 300_000);

  it(`${ALERTS} alert and query files`, () => {
    const catalog = loadQueryCatalog(path.join(ROOT, "queries"));
    const kql = fc.oneof(
      fc.constantFrom("MCPServerLogs_CL", "MCPServerLogs_CL | count", "MCPServerLogs_CL | summarize n = count() | project n", "MCPServerLogs_CL | summarize c = count() by ServerName", "MCPServerLogs_CL | take 5", "MCPServerLogs_CL | where User == \"" + CANARY + "\"", "MCPServerLogs_CL | summarize ("),
      fc.string({ maxLength: 40 }),
    );
    const field = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.string({ maxLength: 8 }), fc.constant(null), fc.constantFrom("PT5M", "PT15M", "P3D", "rows", "GreaterThan", "LessThan"));
    const file = fc.record({
      name: fc.oneof(fc.constant("x"), fc.string({ maxLength: 10 })),
      description: fc.constantFrom("An alert written by a generator to exercise the lint.", "short"),
      severity: field,
      kql,
      evaluationFrequency: field,
      windowSize: field,
      measure: fc.oneof(fc.constant("rows"), fc.record({ column: fc.constantFrom("n", "c", "User"), aggregation: fc.constantFrom("Total", "Count", "Median") })),
      operator: fc.constantFrom("GreaterThan", "LessThan", "LessThanOrEqual", "Equal", "Above"),
      threshold: field,
      actionGroups: fc.constantFrom(["security-team"], [], ["nobody"]),
    });
    const text = fc.tuple(file, fc.boolean(), fc.boolean()).map(([f, crlf, bom]) => {
      const t = stringify(f);
      return `${bom ? "\uFEFF" : ""}${crlf ? t.replace(/\n/g, "\r\n") : t}`;
    });
    fc.assert(
      fc.property(text, kql, (src, query) => {
        const { alert, problems } = parseAlertFile("alerts/x.yaml", src, catalog);
        const findings = alert ? lintAlert(alert).map((x) => x.message) : [];
        const queryLines = parseQueryFile("queries/x.kql", `// @description: generated\n${query}\n`).problems;
        for (const l of [...problems, ...findings, ...queryLines]) expect(l).not.toMatch(/^\s+at /m);
        for (const l of problems) expect(l).toMatch(/^alerts\/x\.yaml/);
      }),
      { numRuns: ALERTS, seed: 20261203 },
    );
  });

  it(`${PLANS} plan documents`, () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.constant(null), fc.constant({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: CANARY }), fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("v"), { maxKeys: 3 })),
    })).v;
    const name = fc.oneof(fc.stringMatching(/^[a-z-]{1,10}$/), fc.constantFrom("x`y", "a\nb", "<!-- hide", "[!CAUTION]", "| col |"));
    const state = fc.record({ urn: name.map((n) => `urn:pulumi:dev::mcp-guard::azure-native:keyvault:Vault::${n}`), type: fc.constantFrom("azure-native:keyvault:Vault", "azure-native:monitor:ActionGroup", "x"), inputs: fc.dictionary(name, value, { maxKeys: 3 }) }, { requiredKeys: [] });
    const step = fc.oneof(fc.record({ op: fc.constantFrom("create", "update", "delete", "same", "replace", "bogus"), urn: name.map((n) => `urn:pulumi:dev::mcp-guard::azure-native:keyvault:Vault::${n}`), newState: state, oldState: state }, { requiredKeys: [] }), value);
    const doc = fc.oneof(fc.record({ steps: fc.array(step, { maxLength: 6 }) }), value);
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const lines = answer(() => {
          const d = diffDigests(digestOf("base.json", a), digestOf("head.json", b));
          for (const out of [renderDiffMarkdown(d, "dev"), renderDiffText(d, "dev")]) expect(out).not.toContain(CANARY);
        });
        for (const l of lines) expect(l).not.toContain(CANARY);
      }),
      { numRuns: PLANS, seed: 20261204 },
    );
  });
});
