/**
 * How each catalog query (queries/*.kql) reads in CloudWatch Logs Insights, written by hand against the
 * Logs Insights query syntax (CloudWatch Logs User Guide, "Query syntax"): KQL has no machine
 * translation to it. Every catalog query has an entry, so a new query fails the port test until someone
 * decides its form. Records are the JSON objects of McpAuditLogGroup; Logs Insights discovers their
 * fields (ServerName, ResultType, ...) by name, and @timestamp is the record's TimeGenerated.
 */

/** ported: one query definition does what the KQL does; other form: another CloudWatch feature, or several definitions; cannot: no CloudWatch equivalent. */
export type PortStatus = "ported" | "other form" | "cannot";

/** What a port may read from the approval registry, as the Azure queries' parameters do. */
export interface PortParameters {
  readonly approvedServers: readonly string[];
  /** Each approved server's tools, as lowercase server name, a slash, then the tool (the Azure parameter's encoding). */
  readonly approvedServerTools: readonly string[];
  /** Each approved server's upstream endpoints, as lowercase server name, a slash, then the lowercase endpoint. */
  readonly approvedServerEndpoints: readonly string[];
}

/** The approved server names lowercase: the KQL compares them with `in~`, Logs Insights' `in` is exact. */
export const lowercase = (values: readonly string[]): string[] => values.map((v) => v.toLowerCase());

export interface QueryPort {
  readonly status: PortStatus;
  /** What differs from the KQL, or what replaces it. */
  readonly note: string;
  /** The Logs Insights query texts (several when one KQL query becomes several definitions). */
  readonly queries?: (p: PortParameters) => readonly string[];
}

/**
 * A Logs Insights list literal. `in []` is not valid Logs Insights, so an empty list becomes a name no
 * server or tool has, keeping `not in` true for every record, as KQL's `!in ()` is.
 */
export function listLiteral(values: readonly string[]): string {
  const items = values.length > 0 ? values : ["(none approved)"];
  return `[${items.map((v) => JSON.stringify(v)).join(", ")}]`;
}

const DENIED = `filter ResultType = "Denied" or HttpStatus in [401, 403]`;

/** Records of servers off the approved list, the name lowercased into Server (shared with the alert). */
export const unapprovedServers = (p: PortParameters): string =>
  `filter ispresent(ServerName) and ServerName != ""\n| fields tolower(ServerName) as Server, User\n| filter Server not in ${listLiteral(lowercase(p.approvedServers))}`;

/** Records of approved servers answering from an endpoint the registry does not list for them (shared with the alert). */
export const unlistedEndpoints = (p: PortParameters): string =>
  `filter ispresent(ServerName) and ServerName != "" and ispresent(ServerEndpoint) and ServerEndpoint != ""\n| fields tolower(ServerName) as Server, tolower(ServerEndpoint) as Endpoint, User\n| filter Server in ${listLiteral(lowercase(p.approvedServers))} and concat(Server, "/", Endpoint) not in ${listLiteral(p.approvedServerEndpoints)}`;

export const QUERY_PORTS: Readonly<Record<string, QueryPort>> = {
  "kv-secret-reads-not-gateway": {
    status: "other form",
    note: "Secret reads are CloudTrail events, not audit records: an EventBridge rule on GetSecretValue by any role but the gateway's and the listed readers pages directly (McpAlarms).",
  },
  "mcp-calls-over-time": {
    status: "ported",
    note: "Same bins.",
    queries: () => [`stats count(*) as Calls by ServerName, bin(1h) as TimeGenerated\n| sort TimeGenerated asc`],
  },
  "mcp-denied-spike-by-ip": {
    status: "ported",
    note: "No UserSample: Logs Insights has no make_set; count_distinct is approximate at high cardinality.",
    queries: () => [`${DENIED}\n| stats count(*) as Denied, count_distinct(User) as Users by CallerIpAddress, bin(15m) as TimeGenerated\n| filter Denied > 5\n| sort Denied desc`],
  },
  "mcp-denied-spike-by-user": {
    status: "ported",
    note: "No Servers/Tools/CallerIps sets (no make_set); the alert counts a sliding window instead, as in Azure.",
    queries: () => [`${DENIED}\n| stats count(*) as Denied, count_distinct(ServerName) as Servers, count_distinct(CallerIpAddress) as Addresses by User, bin(15m) as TimeGenerated\n| filter Denied > 5\n| sort Denied desc`],
  },
  "mcp-failed-operations": {
    status: "ported",
    note: "The 24 hours are the console's time range (Logs Insights has no ago()).",
    queries: () => [`filter ResultType != "Success"\n| fields @timestamp, ServerName, Operation, ErrorMessage, User\n| sort @timestamp desc`],
  },
  "mcp-failure-burst": {
    status: "ported",
    note: "SampleError is the latest error (latest() for take_any()); the server name is lowercased into Server.",
    queries: () => [`filter ResultType in ["Failure", "ToolError"]\n| fields tolower(ServerName) as Server, User, ErrorMessage\n| stats count(*) as FailedCount, count_distinct(User) as Users, latest(ErrorMessage) as SampleError by Server\n| filter FailedCount > 10\n| sort FailedCount desc`],
  },
  "mcp-failures-over-time": {
    status: "ported",
    note: "Same bins.",
    queries: () => [`filter ResultType != "Success"\n| stats count(*) as Calls by ResultType, bin(1h) as TimeGenerated\n| sort TimeGenerated asc`],
  },
  "mcp-large-responses": {
    status: "ported",
    note: "No Servers set (no make_set).",
    queries: () => [`stats sum(ResponseBytes) / 1048576 as ResponseMB, count(*) as Calls by User, bin(1h) as TimeGenerated\n| filter ResponseMB > 50\n| sort ResponseMB desc`],
  },
  "mcp-latency-percentiles": {
    status: "ported",
    note: "pct() for percentiles().",
    queries: () => [`filter ispresent(DurationMs)\n| stats pct(DurationMs, 50) as P50, pct(DurationMs, 95) as P95, pct(DurationMs, 99) as P99 by ServerName, bin(1h) as TimeGenerated\n| sort TimeGenerated asc`],
  },
  "mcp-session-shared": {
    status: "ported",
    note: "No user or address samples (no make_set); count_distinct is approximate at high cardinality.",
    queries: () => [`filter ispresent(SessionId) and SessionId != ""\n| stats count_distinct(User) as Users, count_distinct(CallerIpAddress) as Addresses, count(*) as Calls, min(@timestamp) as FirstSeen, max(@timestamp) as LastSeen by SessionId\n| filter Users > 1 or Addresses > 1\n| sort LastSeen desc`],
  },
  "mcp-silent-servers": {
    status: "other form",
    note: "Logs Insights has no now(), so 'no record for 30 minutes' cannot be a filter: a metric alarm per always-on server treats missing records as breaching. The definition lists each server's last record for a look by hand.",
    queries: () => [`stats max(@timestamp) as LastSeen, count(*) as Calls by ServerName\n| sort LastSeen asc`],
  },
  "mcp-tool-inventory-drift": {
    status: "other form",
    note: "Logs Insights has no union: two definitions, tools off the server's approved list and servers that listed more than one ToolsetHash (not per user against their first session: no join on the first session).",
    queries: (p) => [
      `filter Operation = "tools/call" and ispresent(ToolName) and ispresent(ServerName)\n| fields tolower(ServerName) as Server, ToolName, User\n| filter concat(Server, "/", ToolName) not in ${listLiteral(p.approvedServerTools)}\n| stats count(*) as Calls, count_distinct(User) as Users, min(@timestamp) as FirstSeen by Server, ToolName\n| sort FirstSeen desc`,
      `filter Operation = "tools/list" and ispresent(ToolsetHash)\n| stats count_distinct(ToolsetHash) as Toolsets, min(@timestamp) as FirstSeen by ServerName\n| filter Toolsets > 1\n| sort FirstSeen desc`,
    ],
  },
  "mcp-top-users-and-tools": {
    status: "ported",
    note: "No failure share: Logs Insights' stats has no countif.",
    queries: () => [`filter Operation = "tools/call"\n| stats count(*) as Calls by User, ServerName, ToolName\n| sort Calls desc\n| limit 20`],
  },
  "mcp-unapproved-servers": {
    status: "ported",
    note: "The approved list is the registry's, lowercased into the definition at synthesis (Logs Insights' `in` is exact, KQL's `in~` is not); no Users/Endpoints sets (no make_set).",
    queries: (p) => [`${unapprovedServers(p)}\n| stats count(*) as Calls, count_distinct(User) as Users, min(@timestamp) as FirstSeen, max(@timestamp) as LastSeen by Server\n| sort Calls desc`],
  },
  "mcp-unlisted-endpoints": {
    status: "ported",
    note: "The approved servers and their endpoints are the registry's, lowercased into the definition at synthesis; no Users set (no make_set).",
    queries: (p) => [`${unlistedEndpoints(p)}\n| stats count(*) as Calls, count_distinct(User) as Users, min(@timestamp) as FirstSeen, max(@timestamp) as LastSeen by Server, Endpoint\n| sort Calls desc`],
  },
  "mcp-unusual-activity": {
    status: "ported",
    note: "The 7 days are the console's time range.",
    queries: () => [`stats count(*) as RequestCount by User, bin(1h) as TimeGenerated\n| filter RequestCount > 100\n| sort TimeGenerated desc`],
  },
  "mcp-usage-by-operation": {
    status: "ported",
    note: "The 24 hours are the console's time range.",
    queries: () => [`stats count(*) as Count by Operation, ServerName\n| sort Count desc`],
  },
  "mcp-user-anomalies": {
    status: "cannot",
    note: "make-series and series_decompose_anomalies have no Logs Insights equivalent, and CloudWatch anomaly detection works on metrics, where User must not be a dimension. Nothing replaces the per-user baseline; the per-user hourly counts (mcp-user-request-series) remain for a look by hand.",
  },
  "mcp-user-request-series": {
    status: "other form",
    note: "The hourly series per user without the baseline (no series_decompose_anomalies).",
    queries: () => [`stats count(*) as Requests by User, bin(1h) as TimeGenerated\n| sort User asc, TimeGenerated asc`],
  },
};
