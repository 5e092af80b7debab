import fc from "fast-check";
import { ConfigError } from "../src/config";
import { blocking } from "../src/policy/runner";
import { configOf, planMap, stackMap } from "./helpers";

/*
 * Generated stack configs, valid and broken: each must either fail validation with messages that name
 * their key, or plan with zero mandatory violations. Nothing may escape as an uncaught error.
 */
const RUNS = 400;
const PLANS = 12;

const junk = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
const cidr = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 33 })).map(([a, b, c, p]) => `${a}.${b}.${c}.0/${p}`),
  fc.constantFrom("10.60.0.0/26", "10.60.0.64/26", "10.60.0.0/24", "0.0.0.0/0", "VirtualNetwork", "Internet"),
);
const name = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string({ maxLength: 30 }));
const entry = fc.record({
  name,
  contentType: fc.constantFrom("github-pat", "ado-pat", "Not A Type"),
  owner: fc.constantFrom("platform-team", ""),
  rotationDays: fc.integer({ min: -5, max: 400 }),
  expires: fc.constantFrom("2026-12-01", "2026-12-20", "2020-01-01", "2027-13-01", "soon"),
});

/** One change to a shipped stack's config: a valid value, a broken one, or an unknown key. */
const mutation = fc.oneof(
  fc.record({ key: fc.constantFrom("location", "workload", "keyVaultSku", "gatewayPlanSku", "resourceGroupName", "keyVaultName", "logAnalyticsWorkspaceName"), value: fc.oneof(name, junk) }),
  fc.record({ key: fc.constantFrom("logRetentionDays", "auditLogTotalRetentionDays", "keyVaultSoftDeleteRetentionDays", "gatewayInstances", "gatewayPort", "logDailyQuotaGb"), value: fc.oneof(fc.integer({ min: -10, max: 5000 }), junk) }),
  fc.record({ key: fc.constantFrom("networkAddressSpace", "networkPrivateEndpointSubnet", "networkIntegrationSubnet"), value: cidr }),
  fc.record({ key: fc.constant("networkClientRanges"), value: fc.array(cidr, { maxLength: 3 }) }),
  fc.record({ key: fc.constantFrom("alertEmails", "oncallEmails"), value: fc.array(fc.oneof(fc.emailAddress(), fc.string()), { maxLength: 3 }) }),
  fc.record({ key: fc.constant("secrets"), value: fc.array(entry, { maxLength: 3 }) }),
  fc.record({ key: fc.constant("keyVaultAllowedIpRanges"), value: fc.array(cidr, { maxLength: 2 }) }),
  fc.record({ key: fc.stringMatching(/^[a-zA-Z]{3,18}$/), value: junk }),
);

const config = fc.record({ env: fc.constantFrom("dev", "staging", "prod"), changes: fc.array(mutation, { maxLength: 3 }) }).map(({ env, changes }) => {
  const map: Record<string, unknown> = stackMap(env);
  for (const c of changes) map[`mcp-guard:${c.key}`] = c.value;
  return { env, map };
});

describe("generated stack configs", () => {
  it(`${RUNS} configs: each is refused with key-naming messages, or plans without a mandatory violation`, async () => {
    let planned = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(config, async ({ env, map }) => {
        let valid = true;
        try {
          configOf(map, env);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          valid = false;
          refused++;
          for (const p of err.problems) expect(p).toMatch(/^(mcp-guard:[A-Za-z]+[\w.[\]-]*|[\w-]+:[\w-]+): \S/);
        }
        if (valid && planned < PLANS) {
          planned++;
          expect(blocking((await planMap(map, env)).violations)).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: 20261124 },
    );
    expect(refused).toBeGreaterThan(RUNS / 4);
    expect(planned).toBe(PLANS);
  });
});
