import * as path from "node:path";
import { lintAlert, rulePropertiesProblem } from "../../src/kql/alertLint";
import { AlertDefinition, parseAlertFile } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { parameterValues } from "../../src/kql/parameters";
import { today } from "../../src/config";
import { webhookTargetProblem } from "../../src/network";
import { EDGE_AUTH, problemsOf, ROOT, ruleById, stackMap } from "../helpers";

/*
 * Inputs that once passed as safe, each with the one-line message a user now sees, and the nearest
 * valid input that still passes: Azure's limits, address ranges, emails, dates, receivers, prod
 * weakening and alerts that can never fire.
 */

const base = (env = "dev") => ({ "mcp-guard:environment": env, "mcp-guard:alertEmails": ["sec@contoso.com"], ...EDGE_AUTH });
const webhook = { name: "pager", serviceUri: "https://pager.contoso.com/hook", objectId: "9a1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13", identifierUri: "api://pager" };

describe("Azure's limits in config", () => {
  it("1,000 email receivers per action group", () => {
    const emails = (n: number) => Array.from({ length: n }, (_, i) => `sec${i}@contoso.com`);
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": emails(1000) })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": emails(1001) })).toEqual([
      "mcp-guard:alertEmails: has 1001 addresses; an action group takes at most 1000 email receivers (Azure Monitor service limits)",
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:oncallEmails": emails(1001) })).toHaveLength(1);
  });

  it("tags: count, characters, lengths, reserved prefixes and mcp-guard's own names", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    expect(problemsOf({ ...base(), "mcp-guard:tags": tags(44) })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:tags": tags(45) })).toEqual([
      "mcp-guard:tags: has 45 tags; allowed at most 44 (Azure allows 50 per resource and mcp-guard sets up to 6 itself)",
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:tags": { "cost/center": "x", "a<b": "x", "Azure-owner": "x", "hidden-title": "x", "mcp-guard-exception-KV-05": "forged reason", Workload: "x", Team: "a", team: "b" } })).toEqual([
      'mcp-guard:tags["cost/center"]: "cost/center" contains one of < > % & \\ ? /, which Azure refuses in tag names',
      'mcp-guard:tags["a<b"]: "a<b" contains one of < > % & \\ ? /, which Azure refuses in tag names',
      'mcp-guard:tags.Azure-owner: "Azure-owner" starts with "azure", a prefix Azure reserves; choose another name',
      'mcp-guard:tags.hidden-title: "hidden-title" starts with "hidden-", a prefix Azure reserves; choose another name',
      'mcp-guard:tags.mcp-guard-exception-KV-05: "mcp-guard-exception-KV-05" is a policy exception tag; exceptions are written by the components with their reason, never set from config',
      'mcp-guard:tags.Workload: "Workload" is set by mcp-guard itself (environment, workload, managed-by, project); remove it (the environment key and the stack set it)',
      'mcp-guard:tags.team: "team" is the same tag as "Team" (Azure tag names are case-insensitive)',
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:tags": { note: "x".repeat(257) } })).toEqual(['mcp-guard:tags.note: "' + "x".repeat(257) + '" is longer than 256 characters']);
  });

  it("1,000 IP rules on the Key Vault firewall", () => {
    const ranges = (n: number) => Array.from({ length: n }, (_, i) => `52.${160 + Math.floor(i / 256)}.${i % 256}.0/24`);
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultAllowedIpRanges": ranges(1000) })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultAllowedIpRanges": ranges(1001) })).toEqual([
      "mcp-guard:keyVaultAllowedIpRanges: has 1001 ranges; a Key Vault firewall takes at most 1000 IP rules",
    ]);
  });
});

describe("address ranges", () => {
  it("the Key Vault firewall takes public ranges only, with no host bits set", () => {
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultAllowedIpRanges": ["52.160.0.0/16"] })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:keyVaultAllowedIpRanges": ["100.64.0.0/16", "169.254.0.0/16", "0.0.0.0/8", "198.51.100.0/24", "100.0.0.0/8", "52.160.0.9/16"] })).toEqual([
      'mcp-guard:keyVaultAllowedIpRanges[0]: "100.64.0.0/16" overlaps 100.64.0.0/10 (shared address space (carrier-grade NAT)); Key Vault firewall rules take public addresses only',
      'mcp-guard:keyVaultAllowedIpRanges[1]: "169.254.0.0/16" overlaps 169.254.0.0/16 (link-local (it holds the instance metadata address 169.254.169.254)); Key Vault firewall rules take public addresses only',
      'mcp-guard:keyVaultAllowedIpRanges[2]: "0.0.0.0/8" overlaps 0.0.0.0/8 (this-network); Key Vault firewall rules take public addresses only',
      'mcp-guard:keyVaultAllowedIpRanges[3]: "198.51.100.0/24" overlaps 198.51.100.0/24 (documentation (TEST-NET-2)); Key Vault firewall rules take public addresses only',
      'mcp-guard:keyVaultAllowedIpRanges[4]: "100.0.0.0/8" overlaps 100.64.0.0/10 (shared address space (carrier-grade NAT)); Key Vault firewall rules take public addresses only',
      'mcp-guard:keyVaultAllowedIpRanges[5]: "52.160.0.9/16" has host bits set; did you mean 52.160.0.0/16?',
    ]);
  });

  it("client ranges that together cover the internet, or any public range, are refused; private ones pass", () => {
    expect(problemsOf({ ...base(), "mcp-guard:networkClientRanges": ["VirtualNetwork", "10.20.0.0/16", "192.168.1.0/24"] })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:networkClientRanges": ["0.0.0.0/1", "128.0.0.0/1"] })).toEqual([
      "mcp-guard:networkClientRanges: 0.0.0.0/1 is not a private range; the gateway is never reachable from the internet (allowed VirtualNetwork or ranges inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)",
      "mcp-guard:networkClientRanges: 128.0.0.0/1 is not a private range; the gateway is never reachable from the internet (allowed VirtualNetwork or ranges inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)",
    ]);
  });

  it("NSG-01 catches a public source range in any plan, however the internet is split", () => {
    const nsg = (sources: string[]) => ({ type: "azure-native:network:NetworkSecurityGroup", name: "nsg", urn: "urn", inputs: { securityRules: [{ name: "clients", direction: "Inbound", access: "Allow", sourceAddressPrefixes: sources, destinationPortRange: "443" }] } });
    expect(ruleById("NSG-01").check(nsg(["10.60.0.64/26", "VirtualNetwork"]))).toEqual([]);
    expect(ruleById("NSG-01").check(nsg(["0.0.0.0/1", "128.0.0.0/1"]))).toEqual([
      "securityRules[0] (clients) allows inbound from the public ranges 0.0.0.0/1, 128.0.0.0/1; the MCP gateway is never reachable from the internet (allow private ranges or VirtualNetwork)",
    ]);
  });

  it("the VNet address space must be private, and a range with host bits gets its normalised form", () => {
    expect(problemsOf({ ...base(), "mcp-guard:networkAddressSpace": "52.160.0.0/24", "mcp-guard:networkPrivateEndpointSubnet": "52.160.0.0/26", "mcp-guard:networkIntegrationSubnet": "52.160.0.64/26" })).toEqual([
      "mcp-guard:networkAddressSpace: 52.160.0.0/24 is not private; allowed a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    ]);
    expect(problemsOf({ ...base(), "mcp-guard:networkAddressSpace": "10.60.0.7/24" })).toEqual(['mcp-guard:networkAddressSpace: "10.60.0.7/24" has host bits set; did you mean 10.60.0.0/24?']);
  });
});

describe("emails, dates and nulls", () => {
  it("refuses addresses mail systems would not deliver, or that render deceptively", () => {
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": ["first.last+sec@sub.contoso.co.uk"] })).toEqual([]);
    const bad = ["<script>@contoso.com", ".sec@contoso.com", "sec..team@contoso.com", "sec\u200b@contoso.com", "sec@\u202econtoso.com"];
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": bad })).toEqual(bad.map((e, i) => `mcp-guard:alertEmails[${i}]: ${JSON.stringify(e)} is not an email address`));
  });

  it("refuses a date that does not exist instead of rolling it over, in config and in MCP_GUARD_TODAY", () => {
    const entry = (expires: string) => [{ name: "github-mcp-token", contentType: "github-pat", owner: "platform-team", expires }];
    expect(problemsOf({ ...base(), "mcp-guard:secrets": entry("2027-02-30") })).toEqual(['mcp-guard:secrets[0].expires: "2027-02-30" is not a calendar date']);
    expect(today({ MCP_GUARD_TODAY: "2028-02-29" }).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(() => today({ MCP_GUARD_TODAY: "2027-02-30" })).toThrow(expect.objectContaining({ problems: ['MCP_GUARD_TODAY: "2027-02-30" is not a calendar date; allowed YYYY-MM-DD'] }));
  });

  it("refuses a YAML null for a string key", () => {
    expect(problemsOf({ ...base(), "mcp-guard:workload": "cursor" })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:workload": null })).toEqual(["mcp-guard:workload: is null; set a value or remove the key"]);
  });
});

describe("action group receivers", () => {
  it("refuses webhooks to link-local, metadata, Azure platform and internal addresses", () => {
    expect(webhookTargetProblem("https://pager.contoso.com/hook")).toBeUndefined();
    expect(webhookTargetProblem("https://169.254.169.254/metadata")).toBe('"169.254.169.254" is in 169.254.0.0/16 (link-local (it holds the instance metadata address 169.254.169.254)), not a public host; action groups call webhooks from Azure Monitor\'s public service');
    for (const uri of ["https://2852039166/", "https://168.63.129.16/", "https://100.64.1.1/", "https://metadata.internal/", "https://printer.local/", "https://intranet/", "https://0x7f.1/"]) expect(webhookTargetProblem(uri)).toMatch(/not a public host/);
  });

  it("refuses duplicate receiver names and addresses", () => {
    expect(problemsOf({ ...base(), "mcp-guard:alertWebhooks": [webhook] })).toEqual([]);
    expect(problemsOf({ ...base(), "mcp-guard:alertEmails": ["sec@contoso.com", "SEC@contoso.com"], "mcp-guard:alertWebhooks": [webhook, webhook, { ...webhook, name: "email-0" }] })).toEqual([
      'mcp-guard:alertWebhooks[1].name: "pager" is already the name of alertWebhooks[0]; receiver names must be unique within the action group',
      'mcp-guard:alertWebhooks[2].name: "email-0" is already the name of alertEmails[0]; receiver names must be unique within the action group',
      'mcp-guard:alertEmails[1]: "SEC@contoso.com" is listed twice (also alertEmails[0]); remove one',
    ]);
  });
});

describe("prod weakening is a warning until a suppression gives its reason (PRD-01)", () => {
  const prod = (type: string, inputs: Record<string, unknown>) => ({ type, name: "r", urn: "urn", inputs: { ...inputs, tags: { environment: "prod" } } });
  it("passes prod's defaults and flags each weakening", () => {
    expect(problemsOf(stackMap("prod"), "prod")).toEqual([]);
    const rule = ruleById("PRD-01");
    expect(rule.check(prod("azure-native:operationalinsights:Workspace", { retentionInDays: 365, workspaceCapping: { dailyQuotaGb: -1 } }))).toEqual([]);
    expect(rule.check(prod("azure-native:operationalinsights:Workspace", { retentionInDays: 365, workspaceCapping: { dailyQuotaGb: 5 } }))).toEqual([
      "workspaceCapping.dailyQuotaGb is 5: records past the daily cap are dropped until the next day, so an attack that floods the log also blinds it; keep prod's default or give the reason in policy/suppressions.yaml",
    ]);
    expect(rule.check(prod("azure-native:operationalinsights:Workspace", { retentionInDays: 30 }))).toHaveLength(1);
    expect(rule.check(prod("azure-native:keyvault:Vault", { properties: { softDeleteRetentionInDays: 7 } }))).toHaveLength(1);
    expect(rule.check(prod("azure-native:web:AppServicePlan", { sku: { name: "P1v3", capacity: 1 } }))).toHaveLength(1);
    expect(rule.check({ ...prod("azure-native:web:AppServicePlan", { sku: { capacity: 1 } }), inputs: { sku: { capacity: 1 }, tags: { environment: "dev" } } })).toEqual([]);
  });
});

describe("alerts that can never fire", () => {
  const catalog = loadQueryCatalog(path.join(ROOT, "queries"));
  const alert = (fields: string): AlertDefinition => {
    const { alert: a, problems } = parseAlertFile("alerts/x.yaml", `name: x\ndescription: An alert written inside a test to exercise one check.\nseverity: 3\nevaluationFrequency: PT5M\nwindowSize: PT15M\nactionGroups: [security-team]\n${fields}\n`, catalog);
    if (!a) throw new Error(problems.join("\n"));
    return a;
  };
  const errors = (fields: string) => lintAlert(alert(fields)).filter((x) => x.severity === "error").map((x) => x.message);

  it("counting rows of a | count or a projected summarize is a count of a count", () => {
    expect(errors("kql: MCPServerLogs_CL | summarize FailedCount = count() by ServerName\nmeasure: rows\noperator: GreaterThan\nthreshold: 0")).toEqual([]);
    expect(errors("kql: MCPServerLogs_CL | count\nmeasure: rows\noperator: GreaterThan\nthreshold: 0")).toEqual([
      "alerts/x.yaml: measure: counting rows of a query that ends in | count always counts 1; drop the count and count rows, or name the count (FailedCount = count() by ...) and measure that column with Total",
    ]);
    expect(errors("kql: MCPServerLogs_CL | summarize n = count() | project n\nmeasure: rows\noperator: GreaterThan\nthreshold: 0")).toEqual([
      "alerts/x.yaml: measure: counting rows of a query that ends in a summarize without by (then project) always counts 1; drop the summarize and count rows, or name the count (FailedCount = count() by ...) and measure that column with Total",
    ]);
  });

  it("a threshold the measure cannot cross is an error, in the file or an environment", () => {
    expect(errors("kql: MCPServerLogs_CL\nmeasure: rows\noperator: LessThan\nthreshold: 0")).toEqual(["alerts/x.yaml: threshold: LessThan 0 can never fire: a count is never negative"]);
    expect(errors("kql: MCPServerLogs_CL | summarize n = count() | where n > 5\nmeasure: rows\noperator: GreaterThan\nthreshold: 0")).toEqual([]);
    expect(errors("kql: MCPServerLogs_CL | summarize n = count() | where n > 5\nmeasure: rows\noperator: GreaterThan\nthreshold: 0\nenvironments:\n  prod:\n    threshold: 3")).toEqual([
      "alerts/x.yaml: environments.prod.threshold: GreaterThan 3 can never fire: the query ends in one row, so it counts 0 or 1",
    ]);
  });

  it("a wrong type is not a number, not a missing field", () => {
    const { problems } = parseAlertFile("alerts/x.yaml", 'name: x\ndescription: An alert written inside a test to exercise one check.\nseverity: "3"\nkql: MCPServerLogs_CL\nevaluationFrequency: PT5M\nwindowSize: PT15M\nmeasure: rows\noperator: GreaterThan\nthreshold: "five"\nactionGroups: [security-team]\n', catalog);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/severity: "3" is not a number/), expect.stringMatching(/threshold: "five" is not a number/)]));
  });

  it("64 KB of rule properties is measured with the stack's real parameter values", () => {
    const unapproved = alert("query: mcp-unapproved-servers\nmeasure: rows\noperator: GreaterThan\nthreshold: 0");
    const servers = (n: number) => parameterValues({ approvedServers: Array.from({ length: n }, (_, i) => `server-${i}`) });
    expect(rulePropertiesProblem(unapproved, servers(100))).toBeUndefined();
    expect(rulePropertiesProblem(unapproved, servers(10000))).toMatch(/^alerts\/x\.yaml: query: the rule's properties are \d{6} bytes with this stack's parameter values \(approvedServers: 10000 values\); Azure allows 65536; shorten the lists or split the rule$/);
  });
});
