import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeKql } from "../src/kql/kusto";
import { workspaceGlobals } from "../src/kql/workspaceSchema";
import { Plan } from "../src/plan/offlinePlan";
import {
  auditRecordProblems, columnNameProblem, COLUMN_TYPES, MCP_SERVER_LOGS_COLUMNS, MCP_SERVER_LOGS_STREAM, MCP_SERVER_LOGS_TABLE, schemaMarkdown,
} from "../src/schema/mcpServerLogs";
import { GENERATED_DOCS } from "../scripts/generate-docs";
import { one, planStack, ROOT } from "./helpers";

const KQL: Record<string, string> = { string: "string", int: "int", long: "long", real: "real", boolean: "bool", dateTime: "datetime", guid: "string", dynamic: "dynamic" };
const STREAM: Record<string, string> = { ...KQL, boolean: "boolean" };
const expectedKql = MCP_SERVER_LOGS_COLUMNS.map((c) => ({ name: c.name, type: KQL[c.type] }));

describe("MCPServerLogs_CL: one definition", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("prod");
  });

  it("keeps the guide's six columns first and unchanged, then the researched ones", () => {
    expect(MCP_SERVER_LOGS_COLUMNS.slice(0, 6).map((c) => c.name)).toEqual(["TimeGenerated", "ServerName", "Operation", "ResultType", "ErrorMessage", "User"]);
    const names = MCP_SERVER_LOGS_COLUMNS.map((c) => c.name);
    for (const c of ["UserObjectId", "ClientName", "ClientAppId", "ToolName", "SessionId", "CorrelationId", "CallerIpAddress", "ServerEndpoint", "HttpStatus", "JsonRpcErrorCode", "DurationMs", "RequestBytes", "ResponseBytes", "Properties"]) {
      expect(names).toContain(c);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((n) => /argument|result(s)?$|payload/i.test(n) && n !== "ResultType")).toBe(false);
  });

  it("gives every column a valid, unreserved name, a Tables API type and a one-line description", () => {
    for (const c of MCP_SERVER_LOGS_COLUMNS) {
      expect(columnNameProblem(c.name)).toBeUndefined();
      expect(COLUMN_TYPES).toContain(c.type);
      expect(c.description).toMatch(/^\S.{10,}[.)]$/);
      expect(c.description).not.toContain("\n");
    }
  });

  it("the table the plan creates has exactly these columns", () => {
    const schema = one(plan, "azure-native:operationalinsights:Table").inputs.schema as { name: string; columns: { name: string; type: string }[] };
    expect(schema.name).toBe(MCP_SERVER_LOGS_TABLE);
    expect(schema.columns.map(({ name, type }) => ({ name, type }))).toEqual(MCP_SERVER_LOGS_COLUMNS.map(({ name, type }) => ({ name, type })));
  });

  it("the DCR declares the same columns as its stream, in the DCR API's spelling", () => {
    const dcr = one(plan, "azure-native:monitor:DataCollectionRule").inputs as { streamDeclarations: Record<string, { columns: { name: string; type: string }[] }> };
    expect(Object.keys(dcr.streamDeclarations)).toEqual([MCP_SERVER_LOGS_STREAM]);
    expect(dcr.streamDeclarations[MCP_SERVER_LOGS_STREAM].columns).toEqual(
      MCP_SERVER_LOGS_COLUMNS.map((c) => ({ name: c.name, type: STREAM[c.type] })),
    );
  });

  it("the KQL analyzer sees the same columns through the table and through the MCPServerLogs function", () => {
    for (const query of [MCP_SERVER_LOGS_TABLE, "MCPServerLogs"]) {
      const analysis = analyzeKql(query, workspaceGlobals());
      expect(analysis.diagnostics).toEqual([]);
      expect(analysis.resultColumns).toEqual(expectedKql);
    }
  });

  it("the docs page is generated from it and current (npm run docs)", () => {
    expect(fs.readFileSync(path.join(ROOT, "docs/mcp-server-logs.md"), "utf8")).toBe(schemaMarkdown());
    for (const [file, render] of Object.entries(GENERATED_DOCS)) expect(fs.readFileSync(path.join(ROOT, file), "utf8")).toBe(render());
    for (const c of MCP_SERVER_LOGS_COLUMNS) expect(schemaMarkdown()).toContain(`| ${c.name} | ${c.type} |`);
  });
});

describe("auditRecordProblems", () => {
  it("accepts a record typed from the schema", () => {
    expect(auditRecordProblems({ TimeGenerated: "2026-11-24T10:00:00Z", ServerName: "github", ResultType: "Denied", HttpStatus: 403, DurationMs: 12.5, Properties: { policy: "p1" } })).toEqual([]);
  });

  it("names unknown fields, wrong types, a ResultType outside the enum and a missing TimeGenerated", () => {
    expect(auditRecordProblems({ ServerName: 7, ResultType: "Error", toolArguments: "{}" })).toEqual([
      "ServerName: 7 is not a string",
      "toolArguments: not a column of MCPServerLogs_CL; put extra fields in Properties",
      "TimeGenerated: is required",
      'ResultType: "Error" is not allowed; allowed Success, Failure, ToolError, Denied, Throttled',
    ]);
  });
});
