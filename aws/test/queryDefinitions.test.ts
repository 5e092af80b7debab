import { Template } from "aws-cdk-lib/assertions";
import * as logs from "aws-cdk-lib/aws-logs";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { McpQueryDefinitions } from "../src/queryDefinitions";
import { listLiteral, QUERY_PORTS } from "../src/queryPorts";
import { QUERIES_DIR } from "../src/paths";
import { MCP_SERVER_LOGS_COLUMNS } from "../../src/schema/mcpServerLogs";
import { bareStack } from "./fixtures";

const catalog = loadQueryCatalog(QUERIES_DIR);

describe("McpQueryDefinitions", () => {
  const stack = bareStack();
  const group = new logs.LogGroup(stack, "Group");
  new McpQueryDefinitions(stack, "Queries", { catalog, logGroup: group, parameters: { approvedServers: ["github"], approvedServerTools: ["github/get_file_contents"], approvedServerEndpoints: ["github/https://api.githubcopilot.com/mcp"] } });
  const template = Template.fromStack(stack);

  it("has a port decision for every catalog query", () => {
    expect(catalog.map((q) => q.name).filter((n) => QUERY_PORTS[n] === undefined)).toEqual([]);
    expect(Object.keys(QUERY_PORTS).filter((n) => !catalog.some((q) => q.name === n))).toEqual([]);
  });

  it("defines one query per ported text and none for what cannot be ported", () => {
    const texts = catalog.reduce((n, q) => n + (QUERY_PORTS[q.name].queries?.({ approvedServers: [], approvedServerTools: [], approvedServerEndpoints: [] }).length ?? 0), 0);
    template.resourceCountIs("AWS::Logs::QueryDefinition", texts);
    expect(QUERY_PORTS["mcp-user-anomalies"].queries).toBeUndefined();
  });

  it("names definitions by category and display name, on the audit log group", () => {
    const q = catalog.find((c) => c.name === "mcp-failure-burst");
    template.hasResourceProperties("AWS::Logs::QueryDefinition", { Name: `mcp-guard/${q?.category}/${q?.displayName}`, LogGroupNames: [{ Ref: stack.getLogicalId(group.node.defaultChild as logs.CfnLogGroup) }] });
  });

  it("writes the registry's approved servers into the shadow-server query", () => {
    template.hasResourceProperties("AWS::Logs::QueryDefinition", {
      QueryString: 'filter ispresent(ServerName) and ServerName != ""\n| fields tolower(ServerName) as Server, User\n| filter Server not in ["github"]\n| stats count(*) as Calls, count_distinct(User) as Users, min(@timestamp) as FirstSeen, max(@timestamp) as LastSeen by Server\n| sort Calls desc',
    });
  });

  it("writes the registry's server endpoints into the unlisted-endpoint query, lowercase", () => {
    const [text] = QUERY_PORTS["mcp-unlisted-endpoints"].queries?.({ approvedServers: ["GitHub"], approvedServerTools: [], approvedServerEndpoints: ["github/https://api.githubcopilot.com/mcp"] }) ?? [];
    expect(text).toContain('filter Server in ["github"] and concat(Server, "/", Endpoint) not in ["github/https://api.githubcopilot.com/mcp"]');
  });

  it("reads only columns of the shared schema (or names the port itself gives)", () => {
    const columns = new Set<string>(MCP_SERVER_LOGS_COLUMNS.map((c) => c.name));
    for (const [name, port] of Object.entries(QUERY_PORTS)) {
      for (const text of port.queries?.({ approvedServers: ["github"], approvedServerTools: ["github/get_file_contents"], approvedServerEndpoints: ["github/https://api.githubcopilot.com/mcp"] }) ?? []) {
        const aliases = new Set([...text.matchAll(/\bas (\w+)/g)].map((m) => m[1]));
        const fields = [...text.replace(/"[^"]*"/g, "").matchAll(/\b[A-Z][A-Za-z]+\b/g)].map((m) => m[0]).filter((f) => !aliases.has(f));
        expect({ name, unknown: fields.filter((f) => !columns.has(f)) }).toEqual({ name, unknown: [] });
      }
    }
  });

  it("keeps `not in` true for everything when nothing is approved", () => {
    expect(listLiteral([])).toBe('["(none approved)"]');
  });

  it("refuses a catalog query without a port", () => {
    const extra = { ...catalog[0], name: "mcp-new-detection", file: "queries/mcp-new-detection.kql" };
    expect(() => new McpQueryDefinitions(bareStack(), "Q", { catalog: [extra], logGroup: group, parameters: { approvedServers: [], approvedServerTools: [], approvedServerEndpoints: [] } })).toThrow(
      "McpQueryDefinitions: no Logs Insights port for queries/mcp-new-detection.kql; add an entry to aws/src/queryPorts.ts (ported, other form or cannot)",
    );
  });
});
