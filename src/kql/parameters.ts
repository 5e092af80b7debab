import { enumValues } from "../enumValues";

/**
 * Values a catalog query takes from stack config. A query names its parameters in its header; the
 * loader declares each one with a `let` before the query, so the analyzer checks the query as it will
 * run, and publishing renders the real values the same way. Values are validated against a strict
 * pattern and then written as KQL string literals: config never reaches a query by string pasting.
 */
/** The parameters, by name (an analyzer enum, as LockLevel: components take lists of them). */
export const QueryParameter = {
  approvedServers: "approvedServers",
  approvedServerTools: "approvedServerTools",
  approvedServerEndpoints: "approvedServerEndpoints",
  alwaysOnServers: "alwaysOnServers",
  gatewayPrincipalIds: "gatewayPrincipalIds",
} as const;
export type QueryParameter = (typeof QueryParameter)[keyof typeof QueryParameter];
/** The parameter names in their fixed order, as the schemas' enums take them. */
export const PARAMETER_NAMES = enumValues(QueryParameter);

export const QUERY_PARAMETERS: Record<QueryParameter, { description: string }> = {
  approvedServers: { description: "Lowercase names of the MCP servers servers/ approves and enables in the stack's environment." },
  approvedServerTools: { description: "Each approved server's tool allowlist, as lowercase server name, a slash, then the tool name (github/search_code)." },
  approvedServerEndpoints: { description: "Each approved server's upstream endpoints, as lowercase server name, a slash, then the lowercase endpoint (github/https://api.github.com)." },
  alwaysOnServers: { description: "Lowercase names of approved servers that run always-on, so silence from them is a page." },
  gatewayPrincipalIds: { description: "Object ids of the gateway identities allowed to read Key Vault secrets." },
};
export type QueryParameterValues = Record<QueryParameter, readonly string[]>;

/** What a parameter value may contain: names and ids, nothing that could close a string literal. */
export const PARAMETER_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

export function isQueryParameter(name: string): name is QueryParameter {
  return Object.hasOwn(QUERY_PARAMETERS, name);
}


/** Why a value may not be a parameter value, or undefined. */
export function parameterValueProblem(name: string, value: string): string | undefined {
  return PARAMETER_VALUE.test(value) ? undefined : `query parameter ${name}: ${JSON.stringify(value)} is not allowed; allowed letters, digits and . _ : @ / - (at most 128, starting with a letter or digit)`;
}

/** Every parameter's values, empty where none were given. */
export function parameterValues(given: Partial<Record<string, readonly string[]>>): QueryParameterValues {
  const of = (name: QueryParameter): readonly string[] => given[name] ?? [];
  return {
    approvedServers: of("approvedServers"),
    approvedServerTools: of("approvedServerTools"),
    approvedServerEndpoints: of("approvedServerEndpoints"),
    alwaysOnServers: of("alwaysOnServers"),
    gatewayPrincipalIds: of("gatewayPrincipalIds"),
  };
}

/** `let name = dynamic(["a", "b"]);` for one parameter; throws on a value outside PARAMETER_VALUE. */
export function kqlLet(name: QueryParameter, values: readonly string[]): string {
  const problem = values.map((v) => parameterValueProblem(name, v)).find((p) => p !== undefined);
  if (problem !== undefined) throw new Error(problem);
  return `let ${name} = dynamic([${values.map((v) => JSON.stringify(v)).join(", ")}]);`;
}

/**
 * The `let` lines the analyzer sees before a query that takes `parameters`: empty lists, which have the
 * real values' type. Offsets in the analysed text are the query's plus this prefix's length.
 */
export function analysisPrefix(parameters: readonly QueryParameter[]): string {
  return parameters.map((p) => `${kqlLet(p, [])}\n`).join("");
}

/** The query as it runs: its parameters' `let` lines, then the body. */
export function renderQuery(body: string, parameters: readonly QueryParameter[], values: QueryParameterValues): string {
  return [...parameters.map((p) => kqlLet(p, values[p])), body].join("\n");
}

/**
 * The parameter values a stack injects into its queries and alerts: the approval lists from its config,
 * and the gateway identities (an output once deployed; given by the caller offline).
 */
export function stackParameters<T>(approved: DetectionApprovals<T>, gatewayPrincipalIds: readonly T[]): Record<QueryParameter, T[]> {
  return {
    approvedServers: [...approved.servers],
    approvedServerTools: [...approved.serverTools],
    approvedServerEndpoints: [...approved.serverEndpoints],
    alwaysOnServers: [...approved.alwaysOnServers],
    gatewayPrincipalIds: [...gatewayPrincipalIds],
  };
}

/** What the detections treat as approved, in the parameters' encodings (see QUERY_PARAMETERS). */
export interface DetectionApprovals<T = string> {
  servers: readonly T[];
  serverTools: readonly T[];
  serverEndpoints: readonly T[];
  alwaysOnServers: readonly T[];
}
