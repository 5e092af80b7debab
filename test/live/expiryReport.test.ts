import { LiveContext } from "../../src/live/context";
import { expiryCommand, ExpiryRow } from "../../src/live/expiryReport";
import { runLive } from "../../src/live/run";
import { Plan } from "../../src/plan/offlinePlan";
import { planStack } from "../helpers";
import { TEST_TODAY } from "../pinnedDate";
import { FakeArm, fakeArm, TOKEN } from "./fakeArm";

const NOW = new Date(`${TEST_TODAY}T00:00:00Z`);
const epoch = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

describe("expiry-report", () => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack("prod");
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest, 2);
  });
  afterEach(() => arm.close());

  const run = async (format: "markdown" | "json" = "markdown", noticeDays = 30) => {
    const ctx: LiveContext = { connection: arm.connection, plan: async () => plan, now: NOW };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runLive(io, () => expiryCommand(ctx, { stack: "prod", format, noticeDays }, io.out));
    return { code, out: out.join(""), err: err.join("") };
  };
  const attributes = (secret: string) => (arm.body(`/secrets/${secret}`).properties as { attributes: Record<string, unknown> }).attributes;

  it("the shipped prod secrets, 26 days from expiry: a Markdown table, flagged inside the 30-day window, exit 1", async () => {
    // The catalog's expiries lie beyond the notice window when planned; set as the vault holds them a month on.
    for (const s of ["ado-mcp-token", "github-mcp-token", "mcp-gateway-bearer-token"]) attributes(s).exp = epoch("2026-12-20");
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`### mcp-guard expiry report: prod (as of ${TEST_TODAY}, notice window 30 days)`);
    expect(r.out).toContain("| kv-cursor-secrets-p4202 | github-mcp-token | 2026-12-20 | 26 | 30 | platform-team | **rotate now** |");
    expect(r.out).toContain("| kv-cursor-secrets-p4202 | analytics-db-readonly | 2027-02-15 | 83 | 90 | data-platform | ok |");
    expect(r.out).toContain("3 secret(s) expire inside the notice window");
    // Four secrets, two per page: the list was paged with nextLink.
    expect(arm.received.filter((q) => q.path.endsWith("/secrets")).length).toBe(2);
    expect(arm.received.every((q) => q.method === "GET" && q.apiVersion === "2024-11-01" && q.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("after rotation (expiries set by hand further out) nothing is due: exit 0, but expiries past the rotation period are flagged", async () => {
    for (const s of ["ado-mcp-token", "github-mcp-token", "mcp-gateway-bearer-token"]) attributes(s).exp = epoch("2027-01-15");
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain("| kv-cursor-secrets-p4202 | github-mcp-token | 2027-01-15 | 52 | 30 | platform-team | **beyond rotation period** |");
    expect(r.out).toContain("| kv-cursor-secrets-p4202 | analytics-db-readonly | 2027-02-15 | 83 | 90 | data-platform | ok |");
    expect(r.out).toContain("No secret expires inside the notice window.");
  });

  it("JSON: expired, no expiry, not in the catalog, and a catalog secret missing from the vault", async () => {
    attributes("github-mcp-token").exp = epoch("2026-11-20");
    delete attributes("ado-mcp-token").exp;
    arm.resources.delete([...arm.resources.keys()].find((k) => k.endsWith("/secrets/mcp-gateway-bearer-token")) ?? "");
    const vault = String(arm.body("/vaults/kv-cursor-secrets-p4202").id);
    arm.resources.set(`${vault}/secrets/jira-mcp-token`.toLowerCase(), {
      id: `${vault}/secrets/jira-mcp-token`,
      name: "jira-mcp-token",
      type: "Microsoft.KeyVault/vaults/secrets",
      location: "westeurope",
      tags: { owner: "tools-team" },
      properties: { attributes: { enabled: true, exp: epoch("2027-03-01"), created: 1795000000, updated: 1795000000 } },
    });
    const r = await run("json");
    expect(r.code).toBe(1);
    const rows: ExpiryRow[] = JSON.parse(r.out).secrets;
    expect(rows.map((x) => [x.secret, x.state, x.daysLeft, x.owner, x.inCatalog])).toEqual([
      ["ado-mcp-token", "no expiry", undefined, "platform-team", true],
      ["analytics-db-readonly", "ok", 83, "data-platform", true],
      ["github-mcp-token", "expired", -4, "platform-team", true],
      ["jira-mcp-token", "ok", 97, "tools-team", false],
      ["mcp-gateway-bearer-token", "not in vault", undefined, "security-team", true],
    ]);
  });

  it("a narrower --notice-days leaves the 26-day secrets outside it", async () => {
    expect((await run("markdown", 14)).code).toBe(0);
  });

  it("Reader missing: one line naming the role", async () => {
    arm.deny(/\/secrets$/i, "Microsoft.KeyVault/vaults/secrets/read");
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error: Azure denied GET .*kv-cursor-secrets-p4202\/secrets \(403 AuthorizationFailed\): the signed-in identity needs the Reader role on the resource group \(or the subscription [0-9a-f-]+\)\n$/);
  });
});

describe.each(["dev", "staging", "prod"])("expiry-report on every shipped stack: %s", (stack) => {
  it("lists every catalog secret as deployed, none missing or uncatalogued", async () => {
    const plan = await planStack(stack);
    const arm = await fakeArm(plan.digest);
    try {
      const out: string[] = [];
      await expiryCommand({ connection: arm.connection, plan: async () => plan, now: NOW }, { stack, format: "json", noticeDays: 30 }, (t) => out.push(t));
      const rows: ExpiryRow[] = JSON.parse(out.join("")).secrets;
      const catalog = plan.digest.steps.filter((s) => s.newState?.type === "azure-native:keyvault:Secret").map((s) => String(s.newState?.inputs.secretName));
      expect(rows.map((r) => r.secret)).toEqual(catalog.sort());
      expect(rows.every((r) => r.inCatalog && r.state !== "not in vault" && r.expires !== undefined)).toBe(true);
    } finally {
      await arm.close();
    }
  });
});
