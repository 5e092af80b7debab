import { CredentialUnavailableError, TokenCredential } from "@azure/identity";
import { Arm, LiveError } from "../../src/live/arm";
import { runLive } from "../../src/live/run";
import { runCli } from "../helpers";
import { credential, FakeArm, fakeArm, LIVE_SUBSCRIPTION, tls, TOKEN } from "./fakeArm";

/** Every failure a user can meet, as the one line they see: no stack trace, no token. */
async function oneLine(arm: Arm, call: (a: Arm) => Promise<unknown>): Promise<string> {
  const err: string[] = [];
  const code = await runLive({ out: () => undefined, err: (t) => err.push(t) }, async () => {
    await call(arm);
    return 0;
  });
  expect(code).toBe(1);
  const text = err.join("");
  expect(text.split("\n").filter(Boolean)).toHaveLength(1);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return text.trim();
}

describe("the ARM client's failures, one line each", () => {
  let server: FakeArm;
  beforeAll(async () => {
    server = await fakeArm({ steps: [], changeSummary: {} });
  });
  afterAll(() => server.close());
  const arm = (over: Partial<ConstructorParameters<typeof Arm>[0]> = {}) => new Arm({ ...server.connection, clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") }, retryOptions: { maxRetries: 1 } }, ...over }, "Reader");
  const group = `/subscriptions/${LIVE_SUBSCRIPTION}/resourceGroups/rg-x/providers/Microsoft.Insights/actionGroups/ag-x`;

  it("no credential (DefaultAzureCredential found none)", async () => {
    const none: TokenCredential = {
      getToken: async () => {
        throw new CredentialUnavailableError("DefaultAzureCredential failed to retrieve a token from the included credentials.\n- EnvironmentCredential is unavailable.");
      },
    };
    expect(await oneLine(arm({ credential: none }), (a) => a.get(group, "2024-10-01-preview"))).toBe(
      "error: no Azure credential: sign in with `az login`, or set AZURE_CLIENT_ID and AZURE_TENANT_ID for workload identity (OIDC) in CI",
    );
  });

  it("a token Azure rejects (401)", async () => {
    const stale: TokenCredential = { getToken: async () => ({ token: "expired-token", expiresOnTimestamp: Date.now() + 60_000 }) };
    expect(await oneLine(arm({ credential: stale }), (a) => a.get(group, "2024-10-01-preview"))).toBe(
      "error: Azure rejected the credential for GET /resourceGroups/rg-x/providers/Microsoft.Insights/actionGroups/ag-x (401 AuthenticationFailed); sign in again with `az login`",
    );
  });

  it("throttled beyond the retries (429 + Retry-After each time)", async () => {
    server.throttle(/ag-throttled$/, 0, 5);
    expect(await oneLine(arm(), (a) => a.get(group.replace("ag-x", "ag-throttled"), "2024-10-01-preview"))).toBe("error: Azure kept throttling GET /resourceGroups/rg-x/providers/Microsoft.Insights/actionGroups/ag-throttled (429) after retries; run again later");
  });

  it("an endpoint that does not answer", async () => {
    const line = await oneLine(arm({ endpoint: "https://127.0.0.1:1" }), (a) => a.get(group, "2024-10-01-preview"));
    expect(line).toMatch(/^error: cannot reach Azure Resource Manager at https:\/\/127\.0\.0\.1:1 \(.+\); check the network and --arm-endpoint$/);
  });

  it("a server certificate that is not trusted (no CA given): refused, not sent", async () => {
    const before = server.received.length;
    const line = await oneLine(arm({ clientOptions: { retryOptions: { maxRetries: 0 } } }), (a) => a.get(group, "2024-10-01-preview"));
    expect(line).toMatch(/^error: cannot reach Azure Resource Manager/);
    expect(server.received.length).toBe(before);
  });

  it("a 404 is 'not deployed' for find, an error for get", async () => {
    expect(await arm().find(group, "2024-10-01-preview")).toBeUndefined();
    await expect(arm().get(group, "2024-10-01-preview")).rejects.toBeInstanceOf(LiveError);
  });

  it("the bearer token is asked for ARM's scope", async () => {
    const scopes: string[] = [];
    const spy: TokenCredential = { getToken: async (s) => (scopes.push(...[s].flat()), credential.getToken(s)) };
    await arm({ credential: spy }).find(group, "2024-10-01-preview");
    expect(scopes).toEqual(["https://management.azure.com/.default"]);
  });
});

describe("the live commands on the CLI", () => {
  it.each([["verify"], ["notify-test"], ["expiry-report"]])("%s without a subscription: usage error, exit 2", async (command) => {
    const saved = process.env.AZURE_SUBSCRIPTION_ID;
    delete process.env.AZURE_SUBSCRIPTION_ID;
    try {
      const r = await runCli(command, "--stack", "dev");
      expect([r.code, r.err]).toEqual([2, "error: --subscription is required (or set AZURE_SUBSCRIPTION_ID): the subscription the stack is deployed to\n"]);
    } finally {
      if (saved !== undefined) process.env.AZURE_SUBSCRIPTION_ID = saved;
    }
  });

  it("a bad --format is a usage error before Azure is asked", async () => {
    const r = await runCli("expiry-report", "--stack", "dev", "--format", "html", "--subscription", LIVE_SUBSCRIPTION);
    expect([r.code, r.err]).toEqual([2, 'error: --format "html" is not allowed; allowed markdown, json\n']);
  });
});
