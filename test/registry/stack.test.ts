import * as path from "node:path";
import { PARAMETER_VALUE } from "../../src/kql/parameters";
import { stackDetections } from "../../src/detections/stacks";
import { requireRegistry } from "../../src/registry/load";
import { catalogFindings, detectionApprovals, registryForConfig } from "../../src/registry/stack";
import { TEST_TODAY } from "../pinnedDate";
import { configOf, problemsOf, ROOT, stackMap } from "../helpers";

const SERVERS = path.join(ROOT, "servers");
const servers = requireRegistry(SERVERS);
const today = new Date(`${TEST_TODAY}T00:00:00Z`);
const catalogOf = (stack: string) => stackMap(stack)["mcp-guard:secrets"] as { name: string; contentType: string }[];

describe("what the registry gives each stack's detections", () => {
  it("prod: the approved servers enabled there, each tool and endpoint per server, the always-on ones", () => {
    expect(detectionApprovals(servers, "prod")).toEqual({
      servers: ["azure-devops", "github"],
      serverTools: ["azure-devops/list_work_items", "azure-devops/get_work_item", "github/search_repositories", "github/get_file_contents", "github/list_issues", "github/create_issue"],
      serverEndpoints: ["azure-devops/https://dev.azure.com/contoso", "github/https://api.github.com"],
      alwaysOnServers: ["azure-devops", "github"],
    });
  });

  it("dev adds the file-system server (approved with conditions) and the database, neither always-on", () => {
    const dev = detectionApprovals(servers, "dev");
    expect(dev.servers).toEqual(["azure-devops", "database", "filesystem", "github"]);
    expect(dev.serverEndpoints).toContain("database/tcp://sql-analytics-replica.database.windows.net:1433");
    expect(dev.alwaysOnServers).toEqual(["azure-devops", "github"]);
  });

  it.each(["dev", "staging", "prod"] as const)("every %s value is a valid query parameter value", (env) => {
    for (const values of Object.values(detectionApprovals(servers, env))) for (const v of values) expect(v).toMatch(PARAMETER_VALUE);
  });

  it.each(["dev", "staging", "prod"])("stackDetections reads the registry as the program does (%s)", (stack) => {
    const d = stackDetections(ROOT, stack);
    const config = configOf(stackMap(stack), stack);
    const approvals = registryForConfig(SERVERS, config, today).approvals;
    expect(d.parameters).toEqual(expect.objectContaining({ approvedServers: approvals.servers, approvedServerTools: approvals.serverTools, approvedServerEndpoints: approvals.serverEndpoints, alwaysOnServers: approvals.alwaysOnServers }));
  });
});

describe("the secret catalog linkage", () => {
  it.each(["dev", "staging", "prod"])("the shipped %s stack's catalog and the registry agree", (stack) => {
    expect(catalogFindings(servers, { environment: configOf(stackMap(stack), stack).environment, catalog: catalogOf(stack), catalogKey: "mcp-guard:secrets" })).toEqual([]);
  });

  it("REG-13: a server enabled in the environment needs its credentials in the catalog", () => {
    const catalog = catalogOf("staging").filter((s) => s.name !== "analytics-db-readonly");
    const line = servers.find((s) => s.name === "database")?.lineOf(["credentials", 0, "secret"]);
    expect(catalogFindings(servers, { environment: "staging", catalog, catalogKey: "mcp-guard:secrets" }).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      `error: servers/database.yaml:${line}: credentials[0].secret: "analytics-db-readonly" is not in the staging stack's secret catalog; add it to mcp-guard:secrets or set environments.staging: false (allowed github-mcp-token, ado-mcp-token, mcp-gateway-bearer-token) (REG-13)`,
    ]);
  });

  it("REG-13: the catalog entry's content type is the one the review expects", () => {
    const catalog = catalogOf("prod").map((s) => (s.name === "ado-mcp-token" ? { ...s, contentType: "github-pat" } : s));
    expect(catalogFindings(servers, { environment: "prod", catalog, catalogKey: "mcp-guard:secrets" }).map((f) => f.message)).toEqual([
      `servers/azure-devops.yaml:21: credentials[0].secret: "ado-mcp-token" is a github-pat in mcp-guard:secrets, the review expects ado-pat; fix the catalog entry's contentType or the credential's (REG-13)`,
    ]);
  });

  it("REG-14: a catalog secret no approved server uses is a warning, unless the gateway reads it", () => {
    const catalog = [...catalogOf("prod"), { name: "jira-mcp-token", contentType: "bearer-token" }];
    expect(catalogFindings(servers, { environment: "prod", catalog, catalogKey: "mcp-guard:secrets" }).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      'warning: mcp-guard:secrets[4].name: "jira-mcp-token" is used by no approved server in servers/; name it in a server\'s credentials, or retire it (enabled: false) and remove it once rotated out (REG-14)',
    ]);
    expect(catalogFindings(servers, { environment: "prod", catalog, catalogKey: "mcp-guard:secrets", usedElsewhere: ["jira-mcp-token"] })).toEqual([]);
  });

  it("the program refuses the stack before registering anything when a credential is missing", () => {
    const config = configOf({ ...stackMap("staging"), "mcp-guard:secrets": catalogOf("staging").filter((s) => s.name !== "ado-mcp-token") }, "staging");
    expect(() => registryForConfig(SERVERS, config, today)).toThrow(/^invalid server registry:\nservers\/azure-devops.yaml:21: credentials\[0\].secret: "ado-mcp-token" is not in the staging stack's secret catalog/);
  });
});

describe("the approval lists that left stack config", () => {
  it("point at servers/ with a one-line migration error each", () => {
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:approvedMcpServers": ["github"], "mcp-guard:approvedMcpTools": ["query"] })).toEqual([
      'mcp-guard:approvedMcpServers: moved to the approval registry; delete it and describe each server in servers/<name>.yaml with its review and environments (README "The approval registry")',
      "mcp-guard:approvedMcpTools: moved to the approval registry; delete it and list each server's tools in servers/<name>.yaml (README \"The approval registry\")",
    ]);
  });
});
