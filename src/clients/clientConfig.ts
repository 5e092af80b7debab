/**
 * MCP client configuration files, written from the approval registry: Cursor's `mcp.json` and VS Code's
 * `.vscode/mcp.json`. One function renders both the `client-config` command's files and the gateway
 * host's `cursorMcpJson` output, so what a developer pastes and what the stack prints cannot drift.
 *
 * Shapes, as the clients document them:
 * - Cursor (cursor.com/docs/mcp): `{"mcpServers": {name: {command, args, env} | {url, headers, auth}}}`,
 *   values interpolated from the environment with `${env:NAME}`; `auth.CLIENT_ID` and `auth.scopes` name a
 *   pre-registered OAuth client for a remote server.
 * - VS Code (code.visualstudio.com/docs/copilot/reference/mcp-configuration): `{"servers": {name:
 *   {type: "stdio", command, args, env} | {type: "http", url, headers}}, "inputs": [...]}`; an input
 *   `{type: "promptString", id, description, password: true}` is asked for once and referenced as
 *   `${input:id}`, so a secret is typed at start-up instead of written into the file.
 * No literal credential is ever written: only references that the client resolves at start-up.
 */

/** Which client file to write. */
export const CLIENT_FORMATS = ["cursor", "vscode"] as const;
export type ClientFormat = (typeof CLIENT_FORMATS)[number];

/** How clients authenticate to the gateway (the edge's mode, src/components/gatewayEdgeAuth.ts). */
export type GatewayClientAuth =
  /** Entra OAuth: Cursor signs in as a pre-registered public client; VS Code with its built-in Microsoft sign-in. */
  | { kind: "oauth"; cursorClientId: string; scopes: readonly string[] }
  /** A shared bearer token the developer holds in an environment variable (Cursor) or types at start-up (VS Code). */
  | { kind: "static-token" };

/** The private gateway remote servers are reached through. */
export interface GatewayTarget {
  /** The gateway's MCP endpoint, `https://<app>.azurewebsites.net/mcp`. */
  url: string;
  auth: GatewayClientAuth;
}

/** What a client entry needs of a registry server (a structural subset of servers/<name>.yaml). */
export interface ClientServer {
  name: string;
  transport:
    | { type: "stdio"; command: string; args?: readonly string[]; env?: Readonly<Record<string, string>> }
    | { type: "streamable-http"; url: string };
  /** Credentials a stdio server reads from `env`: the variable it reads and the catalog secret behind it. */
  credentials: readonly { secret: string; env?: string }[];
}

/** The variable a developer keeps the static gateway token in (Cursor) and the VS Code input that prompts for it. */
export const GATEWAY_TOKEN_ENV = "MCP_AUTH_TOKEN";
export const GATEWAY_TOKEN_INPUT = "mcp-gateway-token";

interface VsCodeInput {
  type: "promptString";
  id: string;
  description: string;
  password: true;
}

type Entry = Record<string, unknown>;

/** `${env:NAME}` (Cursor) or `${input:id}` (VS Code, with the prompt added to `inputs`). */
function reference(format: ClientFormat, env: string, inputId: string, description: string, inputs: Map<string, VsCodeInput>): string {
  if (format === "cursor") return `\${env:${env}}`;
  inputs.set(inputId, { type: "promptString", id: inputId, description, password: true });
  return `\${input:${inputId}}`;
}

function gatewayEntry(url: string, auth: GatewayClientAuth, format: ClientFormat, inputs: Map<string, VsCodeInput>): Entry {
  const type = format === "vscode" ? { type: "http" } : {};
  if (auth.kind === "static-token") {
    const token = reference(format, GATEWAY_TOKEN_ENV, GATEWAY_TOKEN_INPUT, "Bearer token of the MCP gateway (from Key Vault)", inputs);
    return { ...type, url, headers: { Authorization: `Bearer ${token}` } };
  }
  // VS Code discovers the Entra sign-in from the gateway's protected-resource metadata; Cursor needs its client id.
  return format === "cursor" ? { url, auth: { CLIENT_ID: auth.cursorClientId, scopes: [...auth.scopes] } } : { ...type, url };
}

function stdioEntry(server: ClientServer & { transport: { type: "stdio" } }, format: ClientFormat, inputs: Map<string, VsCodeInput>): Entry {
  const t = server.transport;
  const env: Record<string, string> = { ...t.env };
  for (const c of server.credentials) {
    if (c.env !== undefined) env[c.env] = reference(format, c.env, c.secret, `${c.secret} for ${server.name} (from Key Vault)`, inputs);
  }
  return {
    ...(format === "vscode" ? { type: "stdio" } : {}),
    command: t.command,
    ...(t.args && t.args.length > 0 ? { args: [...t.args] } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
}

/**
 * The gateway serves each approved remote server under its MCP path (`<gateway>/mcp/<name>`): clients never
 * call the upstream directly, so every call passes the edge's Entra check and the audit log.
 */
export function gatewayServerUrl(gatewayUrl: string, server: string): string {
  return `${gatewayUrl.replace(/\/+$/, "")}/${encodeURIComponent(server)}`;
}

/** The entries of one client file, keyed by server name, sorted; remote servers go through the gateway. */
export function clientEntries(servers: readonly ClientServer[], gateway: GatewayTarget, format: ClientFormat): { entries: Record<string, Entry>; inputs: VsCodeInput[] } {
  const inputs = new Map<string, VsCodeInput>();
  const entries: Record<string, Entry> = {};
  for (const s of [...servers].sort((a, b) => a.name.localeCompare(b.name))) {
    entries[s.name] = s.transport.type === "stdio" ? stdioEntry({ ...s, transport: s.transport }, format, inputs) : gatewayEntry(gatewayServerUrl(gateway.url, s.name), gateway.auth, format, inputs);
  }
  return { entries, inputs: [...inputs.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

/** The file text (2-space JSON, trailing newline) for `servers` in `format`. */
export function renderClientConfig(servers: readonly ClientServer[], gateway: GatewayTarget, format: ClientFormat): string {
  const { entries, inputs } = clientEntries(servers, gateway, format);
  const doc = format === "cursor" ? { mcpServers: entries } : { ...(inputs.length > 0 ? { inputs } : {}), servers: entries };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The one-entry file that points a client at the gateway's own endpoint (the stack's `cursorMcpJson`). */
export function renderGatewayConfig(name: string, gateway: GatewayTarget, format: ClientFormat): string {
  const inputs = new Map<string, VsCodeInput>();
  const entry = gatewayEntry(gateway.url, gateway.auth, format, inputs);
  const doc = format === "cursor" ? { mcpServers: { [name]: entry } } : { ...(inputs.size > 0 ? { inputs: [...inputs.values()] } : {}), servers: { [name]: entry } };
  return JSON.stringify(doc, null, 2);
}
