import { MCP_SERVER_LOGS_FUNCTION, MCP_SERVER_LOGS_TABLE } from "../../schema/mcpServerLogs";
import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** The guide's queries call MCPServerLogs: the function must read the audit table, nothing else. */
export const ss01FunctionOverTable: PolicyRule = {
  id: "SS-01",
  title: `The ${MCP_SERVER_LOGS_FUNCTION} function reads ${MCP_SERVER_LOGS_TABLE}`,
  enforcement: "mandatory",
  severity: "high",
  remediation: "Keep the function's query as the table itself, so the guide's queries read the audit table.",
  resourceTypes: ["azure-native:operationalinsights:SavedSearch"],
  check: ({ inputs }) => {
    const alias = at(inputs, "functionAlias");
    const query = at(inputs, "query");
    if (alias !== MCP_SERVER_LOGS_FUNCTION || query === UNKNOWABLE) return [];
    const source = typeof query === "string" ? query.trim().split(/[\s|]/)[0] : undefined;
    return source === MCP_SERVER_LOGS_TABLE ? [] : [`query starts from ${JSON.stringify(source ?? "nothing")}; the ${MCP_SERVER_LOGS_FUNCTION} function must read ${MCP_SERVER_LOGS_TABLE}`];
  },
};
