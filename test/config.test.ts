import { configOf, EDGE_AUTH, problemsOf, stackMap } from "./helpers";

const base = () => ({ "mcp-guard:environment": "dev", "mcp-guard:alertEmails": ["sec@contoso.com"], ...EDGE_AUTH });

describe("stack config validation", () => {
  it("accepts the three shipped stacks", () => {
    for (const stack of ["dev", "staging", "prod"]) expect(problemsOf(stackMap(stack), stack)).toEqual([]);
  });

  it("rejects an unknown key and suggests the closest one", () => {
    expect(problemsOf({ ...base(), "mcp-guard:alertEmail": ["a@contoso.com"] })).toEqual([
      "mcp-guard:alertEmail: unknown key; did you mean mcp-guard:alertEmails?",
    ]);
  });

  it("rejects a key in a misspelt namespace", () => {
    expect(problemsOf({ ...base(), "mcp-gaurd:location": "westeurope" })).toEqual([
      'mcp-gaurd:location: unknown namespace "mcp-gaurd"; allowed mcp-guard, azure-native, pulumi',
    ]);
  });

  it("names the bad email by its index", () => {
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": ["sec@contoso.com", "sec@"] })).toEqual([
      'mcp-guard:alertEmails[1]: "sec@" is not an email address',
    ]);
  });

  it("reports a missing required key", () => {
    expect(problemsOf({ "mcp-guard:environment": "dev", ...EDGE_AUTH })).toEqual([
      "mcp-guard:alertEmails: is required; Email addresses of the security team, paged by the security action group.",
    ]);
  });

  it("rejects an unknown environment with the allowed values", () => {
    expect(problemsOf({ ...base(), "mcp-guard:environment": "production" })).toEqual([
      'mcp-guard:environment: "production" is not allowed; allowed dev, staging, prod',
    ]);
  });

  it("rejects a resource group name Azure would refuse", () => {
    expect(problemsOf({ ...base(), "mcp-guard:resourceGroupName": "rg." })).toEqual([
      'mcp-guard:resourceGroupName: "rg." is not a valid name; allowed letters, digits, - _ . ( ), not ending in .',
    ]);
  });

  it("lists every problem at once", () => {
    expect(problemsOf({ "mcp-guard:environment": "qa", "mcp-guard:workload": "Cursor AI", "mcp-guard:alertEmails": [], ...EDGE_AUTH })).toHaveLength(3);
  });

  it("derives the guide's names with the environment and a stable vault suffix", () => {
    const dev = configOf(stackMap("dev"), "dev");
    expect(dev.names.resourceGroup).toBe("rg-cursor-ai-research-dev");
    expect(dev.names.logAnalyticsWorkspace).toBe("law-cursor-audit-dev");
    expect(dev.names.actionGroup).toBe("ag-cursor-security-team-dev");
    expect(dev.names.keyVault).toMatch(/^kv-cursor-secrets-d[0-9a-f]{4}$/);
    expect(configOf(stackMap("dev"), "dev").names.keyVault).toBe(dev.names.keyVault);
    expect(configOf(stackMap("dev"), "dev-2").names.keyVault).not.toBe(dev.names.keyVault);
  });

  it("adds user tags to the standard tags, which config cannot override", () => {
    expect(configOf({ ...base(), "mcp-guard:tags": { owner: "me" } }).tags).toEqual({
      environment: "dev", workload: "cursor", "managed-by": "pulumi", project: "mcp-guard", owner: "me",
    });
    expect(problemsOf({ ...base(), "mcp-guard:tags": { owner: "me", Environment: "sandbox" } })).toEqual([
      'mcp-guard:tags.Environment: "Environment" is set by mcp-guard itself (environment, workload, managed-by, project); remove it (the environment key and the stack set it)',
    ]);
  });

  it("makes prod the strictest tier", () => {
    expect(configOf(stackMap("prod"), "prod").tier).toEqual({ protectData: true, lockData: true, retainData: true });
    expect(configOf(stackMap("dev"), "dev").tier).toEqual({ protectData: false, lockData: false, retainData: false, publicMonitoringReason: expect.stringMatching(/^dev: no Azure Monitor private link/) });
  });
});
