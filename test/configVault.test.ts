import { configOf, EDGE_AUTH, problemsOf, secure, stackMap } from "./helpers";
import { NEAR_EXPIRY_NOTICE_DAYS, parseConfig } from "../src/config";
import { expiryEpoch } from "../src/components/secretsVault";
import { TEST_TODAY } from "./pinnedDate";
import { stackConfigFromMap } from "../src/plan/projectFiles";
import { PROJECT } from "./helpers";

const base = (env = "dev") => ({
  "mcp-guard:environment": env,
  "mcp-guard:alertEmails": ["sec@contoso.com"],
  ...EDGE_AUTH,
  ...(env === "dev" ? {} : { "mcp-guard:gatewayImage": "ghcr.io/contoso/mcp-gateway:1.4.2" }),
});
const entry = (over: Record<string, unknown> = {}) => ({ name: "github-mcp-token", contentType: "github-pat", owner: "platform-team", rotationDays: 30, expires: "2026-12-20", ...over });

describe("vault and secret catalog config", () => {
  it("rejects a secret value given in plain text, without echoing it", () => {
    const problems = problemsOf({ ...base(), "mcp-guard:secrets": [entry()], "mcp-guard:secretValues": { "github-mcp-token": "github_pat_11ABCDEF" } });
    expect(problems).toEqual([
      "mcp-guard:secretValues: must be a secret; set it with pulumi config set --secret --path 'secretValues.<name>' <value> (the plain-text value is not shown)",
    ]);
    expect(problems.join("\n")).not.toContain("github_pat_11ABCDEF");
  });

  it("accepts the value as a Pulumi secret", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry()], "mcp-guard:secretValues": { "github-mcp-token": secure() } })).toEqual([]);
  });

  it("rejects an out-of-range soft-delete retention", () => {
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultSoftDeleteRetentionDays": 120 })).toEqual([
      "mcp-guard:keyVaultSoftDeleteRetentionDays: 120 is out of range; allowed 7 to 90",
    ]);
  });

  it("rejects a catalog entry without expiry", () => {
    const { expires: _e, ...noExpiry } = entry();
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [noExpiry] })).toEqual(["mcp-guard:secrets[0].expires: is required"]);
  });

  it("rejects an expiry in the past", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry({ expires: "2026-11-01" })] })).toEqual([
      'mcp-guard:secrets[0].expires: "2026-11-01" is in the past; rotate the credential and set its new expiry (allowed up to 2027-01-23)',
    ]);
  });

  it("rejects an expiry further away than the rotation period", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry({ expires: "2027-06-01" })] })).toEqual([
      `mcp-guard:secrets[0].expires: "2027-06-01" is further away than its 30-day rotation period after Key Vault's 30-day expiry notice; allowed up to 2027-01-23`,
    ]);
  });

  it("rejects duplicate and invalid secret names", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry(), entry({ name: "GitHub-MCP-Token" }), entry({ name: "bad_name" })] })).toEqual([
      'mcp-guard:secrets[2].name: "bad_name" is not allowed; allowed 1 to 127 letters, digits and hyphens',
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry(), entry({ name: "GitHub-MCP-Token" })] })).toEqual([
      'mcp-guard:secrets[1].name: "GitHub-MCP-Token" is a duplicate of secrets[0] (Key Vault names are case-insensitive)',
    ]);
  });

  it("rejects an unknown field in a catalog entry", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry({ expiry: "2026-12-20" })] })).toEqual([
      'mcp-guard:secrets[0]: unknown field "expiry"; allowed name, contentType, owner, rotationDays, expires, enabled',
    ]);
  });

  it("rejects a value for a secret the catalog does not hold", () => {
    expect(problemsOf({ ...base(), "mcp-guard:secrets": [entry()], "mcp-guard:secretValues": { "gh-token": secure() } })).toEqual([
      "mcp-guard:secretValues.gh-token: names no secret in the catalog; allowed github-mcp-token",
    ]);
  });

  it("allows firewall ranges only in dev, and never the whole internet", () => {
    expect(problemsOf({ ...base("prod"), "mcp-guard:keyVaultAllowedIpRanges": ["52.160.0.0/16"] })).toEqual([
      "mcp-guard:keyVaultAllowedIpRanges: allowed only in dev; staging and prod reach the vault through its private endpoint",
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultAllowedIpRanges": ["0.0.0.0/0", "10.1.0.0/16", "300.1.1.1/32"] })).toEqual([
      'mcp-guard:keyVaultAllowedIpRanges[0]: "0.0.0.0/0" opens the vault to a large part of the internet; allowed /8 or narrower',
      'mcp-guard:keyVaultAllowedIpRanges[1]: "10.1.0.0/16" is a private range; Key Vault firewall rules take public addresses only (use the private endpoint)',
      'mcp-guard:keyVaultAllowedIpRanges[2]: "300.1.1.1/32" is not an IPv4 CIDR range',
    ]);
  });

  it("rejects a vault name too long for Azure", () => {
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultName": "kv-cursor-secrets-development-01" })).toEqual([
      'mcp-guard:keyVaultName: "kv-cursor-secrets-development-01" is 32 characters; allowed 3 to 24',
    ]);
  });

  it("defaults the rotation period to the guide's monthly rotation", () => {
    const { rotationDays: _r, ...noRotation } = entry();
    expect(configOf({ ...base(), "mcp-guard:secrets": [noRotation] }).secrets[0].rotationDays).toBe(30);
  });

  it("checks expiries against MCP_GUARD_TODAY when set", () => {
    const raw = { project: "mcp-guard", stack: "t", ...stackConfigFromMap(PROJECT, { ...base(), "mcp-guard:secrets": [entry()] }) };
    expect(() => parseConfig(raw, new Date("2027-01-01T00:00:00Z"))).toThrow(/is in the past/);
  });
});

describe("expiry notices", () => {
  it("no shipped catalog entry pages on the day it is created: Key Vault's notice (exp - 30 days) falls after today", () => {
    const today = Date.parse(`${TEST_TODAY}T00:00:00Z`) / 1000;
    for (const stack of ["dev", "staging", "prod"]) {
      const cfg = configOf(stackMap(stack), stack);
      expect(cfg.secrets.length).toBeGreaterThan(0);
      for (const s of cfg.secrets) {
        const notice = expiryEpoch(s.expires) - NEAR_EXPIRY_NOTICE_DAYS * 86400;
        expect({ stack, secret: s.name, pagesOnCreation: notice <= today }).toEqual({ stack, secret: s.name, pagesOnCreation: false });
        // and the credential is rotated within its period after the notice
        expect(expiryEpoch(s.expires) - today).toBeLessThanOrEqual((s.rotationDays + NEAR_EXPIRY_NOTICE_DAYS) * 86400);
      }
    }
  });
});
