import * as path from "node:path";
import { Node } from "jsonc-parser";
import { Environment } from "../naming";
import { CREDENTIAL_PATTERNS } from "../schema/redaction";
import { credentialShape } from "../credentials";
import { gatewayServerUrl } from "./clientConfig";
import { ConfigServer, parseClientConfig, ParsedClientConfig, Position, properties, property, stringItems, stringLeaves, stringOf } from "./configFile";

/**
 * `lint-client-config`: an MCP client's config file (Cursor, VS Code, Claude Desktop) against the
 * approval registry and the guide's DO / DON'T list. Each rule has a stable id, a level and a fix; a
 * finding never quotes a credential it found, only where it is.
 */

export type Level = "error" | "warning";

export interface LintRule {
  id: string;
  name: string;
  level: Level;
  /** One sentence: what the rule checks. */
  summary: string;
  /** Why: the guide's advice it enforces. */
  why: string;
}

export const LINT_RULES = {
  syntax: { id: "MCPC-00", name: "invalid-jsonc", level: "error", summary: "The file is not JSON with comments", why: "A client silently drops servers from a file it cannot parse." },
  literalCredential: { id: "MCPC-01", name: "literal-credential", level: "error", summary: "A credential is written into the file instead of referenced", why: "The guide: store MCP credentials in Key Vault; never hardcode credentials in MCP configurations." },
  unregistered: { id: "MCPC-02", name: "unregistered-server", level: "error", summary: "A server that is not in the approval registry (servers/)", why: "The guide: never use MCP servers from untrusted sources or skip security reviews." },
  notApproved: { id: "MCPC-03", name: "server-not-approved", level: "error", summary: "A registry server that was rejected or is not enabled in the environment", why: "Only an approved review lets a server run, and only where the registry enables it." },
  insecureTransport: { id: "MCPC-04", name: "http-without-tls", level: "error", summary: "A remote server over plain HTTP or below TLS 1.3", why: "The guide: HTTP and SSE transports require TLS (1.3) and authentication." },
  filesystem: { id: "MCPC-05", name: "filesystem-unrestricted", level: "error", summary: "A file-system server without an explicit directory allowlist (and blocklist)", why: "The guide: never allow unrestricted file system access; always use explicit allowlists and blocklists." },
  database: { id: "MCPC-06", name: "database-write-access", level: "error", summary: "A database server without a declared read-only connection, row limit and timeout", why: "The guide: never connect MCP servers to production write databases; use read-only replicas." },
  unpinned: { id: "MCPC-07", name: "unpinned-command", level: "error", summary: "A command that fetches the server at start-up from an unpinned source", why: "What the review approved is one version; `@latest` runs whatever was published since." },
  reference: { id: "MCPC-08", name: "unresolved-reference", level: "warning", summary: "A `${...}` the client does not interpolate", why: "An unresolved reference reaches the server as literal text, and the credential is then missing." },
  bypassesGateway: { id: "MCPC-09", name: "bypasses-gateway", level: "error", summary: "A remote registry server called directly instead of through the private gateway", why: "The guide: never expose MCP servers on the public internet; the gateway authenticates and audits every call." },
  unreviewedVersion: { id: "MCPC-10", name: "unreviewed-command", level: "error", summary: "A command or package version other than the one the review approved", why: "The review covers one release started one way; anything else is unreviewed code." },
} as const satisfies Record<string, LintRule>;

export type RuleKey = keyof typeof LINT_RULES;

export interface Finding {
  rule: LintRule;
  level: Level;
  file: string;
  line: number;
  col: number;
  message: string;
  fix: string;
}

/** What the lint needs of a registry server (a structural subset of servers/<name>.yaml). */
export interface LintRegistryServer {
  name: string;
  kind: string;
  package?: string;
  version?: string;
  transport: { type: "stdio"; command?: string; args?: readonly string[] } | { type: "streamable-http" };
  environments: Readonly<Record<Environment, boolean>>;
  review: { decision: string };
}

export interface LintContext {
  registry: readonly LintRegistryServer[];
  /** With --stack: the environment whose enablement counts, and its gateway URL. */
  stack?: { name: string; environment: Environment; gatewayUrl: string };
}

/** Variable and header names that carry credentials. */
const CREDENTIAL_KEY = /(^|[_-])(TOKEN|SECRET|PASSWORD|PASSWD|PWD|PAT|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|CONNECTION[_-]?STRING|CONN[_-]?STR|CREDENTIALS?)($|[_-])|^AUTHORIZATION$/i;

/** Interpolations the clients document: Cursor `${env:}`, `${userHome}`, `${workspaceFolder}`...; VS Code also `${input:}`. */
const KNOWN_VARIABLES: Record<ParsedClientConfig["client"], RegExp> = {
  cursor: /^(env:[A-Za-z_][A-Za-z0-9_]*|userHome|workspaceFolder|workspaceFolderBasename|pathSeparator|\/)$/,
  vscode: /^(env:[A-Za-z_][A-Za-z0-9_]*|input:[A-Za-z0-9_.-]+|userHome|workspaceFolder|workspaceFolderBasename|pathSeparator|\/)$/,
  "claude-desktop": /^$/,
};

const REFERENCE = /\$\{([^}]*)\}/g;

/** The credential shape `text` has, from the project's two detectors (stack config and audit-log redaction). */
function credentialKind(text: string): string | undefined {
  const withoutReferences = text.replace(REFERENCE, "");
  return credentialShape(withoutReferences) ?? CREDENTIAL_PATTERNS.find((p) => new RegExp(p.regex, p.ignoreCase ? "i" : "").test(withoutReferences))?.name;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const FILESYSTEM = /filesystem|(^|[-_/@])fs([-_.]|$)/i;
const DATABASE = /database|postgres|mysql|mariadb|mssql|sqlite|sql-?server|mongo|(^|[-_/@])db([-_.]|$)/i;
const REQUIRED_BLOCKS = ["*.env", "*.key", "*.pem", "secrets/*"];

/** `name@1.2.3` -> {name, version}; `@scope/name` -> {name: "@scope/name"}. */
function packageSpec(spec: string): { name: string; version?: string } {
  const at = spec.lastIndexOf("@");
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: spec };
}

/** Flags of runners that take a value, so the value is not read as the package. */
const VALUE_FLAGS = new Set(["-p", "--package", "-c", "--call", "--from", "--with", "--python", "-e", "--env", "-v", "--volume", "--name", "-w", "--workdir", "--network", "--mount", "--env-file", "-u", "--user", "--entrypoint", "--platform"]);

interface Launch {
  /** The runner that downloads the server: npx, uvx, docker... */
  runner: string;
  spec: string;
  node: Node;
}

/** The package or image a command fetches at start-up, or undefined for a local program. */
function launchOf(command: string, args: { value: string; node: Node }[]): Launch | undefined {
  const runner = path.basename(command).replace(/\.(cmd|exe)$/i, "");
  let rest = args;
  if (runner === "pnpm" || runner === "yarn") rest = args[0]?.value === "dlx" ? args.slice(1) : [];
  else if (runner === "pipx") rest = args[0]?.value === "run" ? args.slice(1) : [];
  else if (runner === "docker" || runner === "podman") rest = args[0]?.value === "run" ? args.slice(1) : [];
  else if (!["npx", "bunx", "uvx"].includes(runner)) return undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i].value;
    const eq = /^(--package|--from)=(.+)$/.exec(a);
    if (eq) return { runner, spec: eq[2], node: rest[i].node };
    if ((a === "-p" || a === "--package" || a === "--from") && rest[i + 1]) return { runner, spec: rest[i + 1].value, node: rest[i + 1].node };
    if (VALUE_FLAGS.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith("-")) return { runner, spec: a, node: rest[i].node };
  }
  return undefined;
}

/** Why a fetched spec is not pinned, or undefined. */
function unpinned(launch: Launch): string | undefined {
  const { runner, spec } = launch;
  if (/^(\.{0,2}\/|[A-Za-z]:\\|file:)/.test(spec)) return undefined;
  if (runner === "docker" || runner === "podman") {
    if (/@sha256:[0-9a-f]{64}$/.test(spec)) return undefined;
    const tag = /:([^/:]+)$/.exec(spec)?.[1];
    return tag === undefined || tag === "latest" ? `runs the image ${spec} by a moving tag` : `runs the image ${spec} by tag, which can be re-pushed`;
  }
  if (/^(git\+|github:|https?:)/.test(spec)) return /#[0-9a-f]{40}$/.test(spec) ? undefined : `fetches ${spec} from a repository without a commit`;
  if (runner === "uvx" || runner === "pipx") {
    const pinned = /^[A-Za-z0-9._-]+(\[[^\]]*\])?(==|@)(\d+\.\d+(\.\d+)?[0-9A-Za-z.+-]*)$/.exec(spec);
    return pinned ? undefined : `fetches ${spec} without an exact version`;
  }
  const { name, version } = packageSpec(spec);
  if (version === undefined) return `fetches ${name} without a version (whatever is latest at start-up)`;
  if (!SEMVER.test(version)) return `fetches ${name}@${version}, a tag or range rather than an exact version`;
  return undefined;
}

function isReference(value: string): boolean {
  return /^\s*(Bearer\s+)?\$\{[^}]+\}\s*$/i.test(value);
}

export interface LintResult {
  findings: Finding[];
  /** How many servers each file holds, for the summary line. */
  servers: number;
}

/** Lints one file's text; `file` is the path the findings name (relative to the working directory). */
export function lintClientConfig(file: string, text: string, ctx: LintContext): LintResult {
  const cfg = parseClientConfig(file, text);
  const findings: Finding[] = [];
  const add = (key: RuleKey, at: Position, message: string, fix: string, level: Level = LINT_RULES[key].level) =>
    findings.push({ rule: LINT_RULES[key], level, file, line: at.line, col: at.col, message, fix });
  for (const e of cfg.syntaxErrors) add("syntax", e.at, `not valid JSON with comments (${e.message})`, "fix the syntax; the client ignores a file it cannot parse");
  for (const s of cfg.servers) lintServer(cfg, s, ctx, add);
  return { findings: findings.sort((a, b) => a.line - b.line || a.col - b.col || a.rule.id.localeCompare(b.rule.id)), servers: cfg.servers.length };
}

type Add = (key: RuleKey, at: Position, message: string, fix: string, level?: Level) => void;

function lintServer(cfg: ParsedClientConfig, s: ConfigServer, ctx: LintContext, add: Add): void {
  const at = (n: Node) => cfg.positionOf(n);
  const where = `${cfg.serversKey}.${s.name}`;
  const command = stringOf(property(s.node, "command"));
  const args = stringItems(property(s.node, "args"));
  const envNode = property(s.node, "env");
  const env = Object.fromEntries(properties(envNode).map((p) => [p.key, p]));
  const urlNode = property(s.node, "url") ?? property(s.node, "serverUrl");
  const url = stringOf(urlNode);
  const entry = ctx.registry.find((r) => r.name === s.name);
  const gatewayUrl = ctx.stack?.gatewayUrl;
  const isGateway = url !== undefined && gatewayUrl !== undefined && url.replace(/\/+$/, "") === gatewayUrl.replace(/\/+$/, "");

  for (const leaf of stringLeaves(s.node)) {
    const kind = credentialKind(leaf.value);
    if (kind) add("literalCredential", at(leaf.node), `${where}${leaf.key ? `.${leaf.key}` : ""} holds what looks like ${/^an? /.test(kind) ? kind : `a ${kind}`} in plain text (the value is not shown)`, `remove it, rotate the credential, keep it in Key Vault and reference it as ${cfg.client === "vscode" ? "${input:<id>} with a password input" : "${env:NAME}"}`);
    else if (leaf.key !== undefined && CREDENTIAL_KEY.test(leaf.key) && leaf.value.trim() !== "" && !isReference(leaf.value) && !leaf.value.includes("${")) {
      add("literalCredential", at(leaf.node), `${where}.${leaf.key} is a credential variable with a literal value (the value is not shown)`, `reference it instead: "${cfg.client === "vscode" ? "${input:<id>}" : `\${env:${leaf.key.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase()}}`}", the value kept in Key Vault`);
    }
    for (const m of leaf.value.matchAll(REFERENCE)) {
      if (!KNOWN_VARIABLES[cfg.client].test(m[1])) {
        const fix = cfg.client === "claude-desktop" ? "Claude Desktop does not interpolate: start the server through a wrapper that reads the value from Key Vault, or set it in the environment the server inherits" : `write \${env:${m[1].replace(/^env:/, "")}}${cfg.client === "vscode" ? " or ${input:<id>}" : ""}`;
        add("reference", at(leaf.node), `${where}${leaf.key ? `.${leaf.key}` : ""}: \${${m[1]}} is not interpolated by ${cfg.client === "claude-desktop" ? "Claude Desktop" : cfg.client === "vscode" ? "VS Code" : "Cursor"}; the server receives the literal text`, fix);
      }
    }
  }

  if (!entry && !isGateway) {
    add("unregistered", s.at, `${where}: "${s.name}" is not in the approval registry`, `remove it, or propose servers/${s.name}.yaml for review (README "The approval registry")`);
  } else if (entry && entry.review.decision === "rejected") {
    add("notApproved", s.at, `${where}: "${s.name}" was rejected in review (servers/${s.name}.yaml)`, "remove it; the review's reasons say what would have to change");
  } else if (entry && ctx.stack && !entry.environments[ctx.stack.environment]) {
    add("notApproved", s.at, `${where}: "${s.name}" is not enabled in ${ctx.stack.name} (servers/${s.name}.yaml environments.${ctx.stack.environment}: false)`, `remove it from this environment's config, or enable it in servers/${s.name}.yaml through a reviewed pull request`);
  }

  if (url !== undefined && urlNode) {
    if (/^http:\/\//i.test(url)) add("insecureTransport", at(urlNode), `${where}.url uses plain http://`, "use https:// with TLS 1.3, through the private gateway");
    const tls = stringOf(property(property(s.node, "tls"), "minVersion"));
    if (tls !== undefined && !/1\.3$/.test(tls)) add("insecureTransport", at(property(property(s.node, "tls"), "minVersion") ?? urlNode), `${where}.tls.minVersion is ${tls}`, 'set "minVersion": "TLSv1.3"');
    if (entry && entry.transport.type === "streamable-http" && gatewayUrl !== undefined && url !== gatewayServerUrl(gatewayUrl, s.name)) {
      add("bypassesGateway", at(urlNode), `${where}.url is not the gateway's endpoint for "${s.name}"`, `use ${gatewayServerUrl(gatewayUrl, s.name)} (npx mcp-guard client-config --stack ${ctx.stack?.name ?? "<env>"} writes it)`);
    }
  }

  const identity = [s.name, command ?? "", ...args.map((a) => a.value)].join(" ");
  const kind = entry?.kind ?? (FILESYSTEM.test(identity) ? "filesystem" : DATABASE.test(identity) ? "database" : "other");
  // A remote server's limits live on the server, where its review checked them; a local one's are in this file.
  if (kind === "filesystem" && url === undefined) lintFilesystem(where, s, env, args, at, add);
  if (kind === "database" && url === undefined) lintDatabase(where, s, env, args, at, add);

  if (command !== undefined) {
    const launch = launchOf(command, args);
    const why = launch && unpinned(launch);
    if (launch && why) add("unpinned", at(launch.node), `${where}: ${why}`, `pin the exact version the review approved${entry?.version ? ` (${entry.package ? `${entry.package}@` : ""}${entry.version})` : ""}${launch.runner === "docker" || launch.runner === "podman" ? ", by image digest (@sha256:...)" : ""}`);
    const version = launch && !why && entry?.package && entry.version ? packageSpec(launch.spec) : undefined;
    if (launch && version && version.name === entry?.package && version.version !== undefined && version.version.replace(/^v/, "") !== entry.version?.replace(/^v/, "")) {
      add("unreviewedVersion", at(launch.node), `${where}: runs ${version.name}@${version.version}; the review approved ${entry.version}`, `use ${version.name}@${entry.version}, or have the new version reviewed in servers/${s.name}.yaml`);
    } else if (!why && entry?.transport.type === "stdio" && entry.transport.command !== undefined) {
      const reviewed = [entry.transport.command, ...(entry.transport.args ?? [])];
      const actual = [command, ...args.map((a) => a.value)];
      if (reviewed.join("\u0000") !== actual.join("\u0000")) {
        add("unreviewedVersion", at(property(s.node, "command") ?? s.node), `${where}: starts \`${actual.join(" ")}\`, not the command servers/${s.name}.yaml reviewed`, `start it as reviewed: "command": ${JSON.stringify(entry.transport.command)}, "args": ${JSON.stringify(entry.transport.args ?? [])} (npx mcp-guard client-config writes it)`);
      }
    }
  }
}

type EnvProps = Record<string, { key: string; keyNode: Node; value: Node }>;

function envValue(env: EnvProps, keys: readonly string[]): { value: string; node: Node } | undefined {
  for (const k of Object.keys(env)) {
    const v = stringOf(env[k].value);
    if (keys.includes(k.toUpperCase()) && v !== undefined) return { value: v, node: env[k].value };
  }
  return undefined;
}

function lintFilesystem(where: string, s: ConfigServer, env: EnvProps, args: { value: string; node: Node }[], at: (n: Node) => Position, add: Add): void {
  const allowed = envValue(env, ["ALLOWED_PATHS", "ALLOWED_DIRECTORIES", "ALLOWED_DIRS", "ROOTS"]);
  const dirs = allowed ? allowed.value.split(/[,;:]/).map((d) => d.trim()).filter(Boolean) : args.filter((a) => /^(\/|~|[A-Za-z]:\\|\$\{)/.test(a.value) && !/\.(m?js|cjs|ts|py)$/.test(a.value)).map((a) => a.value);
  const broad = dirs.find((d) => /^(\/|~\/?|\$\{userHome\}\/?|[A-Za-z]:\\?|\*)$/.test(d));
  if (dirs.length === 0) add("filesystem", s.at, `${where}: a file-system server without a directory allowlist`, 'list only the directories it may read: "ALLOWED_PATHS": "/workspace/docs,/workspace/public" (or the directories as arguments)');
  else if (broad) add("filesystem", allowed ? at(allowed.node) : s.at, `${where}: the allowlist includes ${broad}, which opens the whole ${broad.startsWith("/") && broad.length === 1 ? "file system" : "home directory or drive"}`, "list the specific directories it needs");
  const blocked = envValue(env, ["BLOCKED_PATTERNS", "DENIED_PATTERNS", "EXCLUDE_PATTERNS"]);
  const have = (blocked?.value ?? "").split(",").map((p) => p.trim());
  const missing = REQUIRED_BLOCKS.filter((p) => !have.includes(p));
  if (missing.length > 0) add("filesystem", blocked ? at(blocked.node) : s.at, `${where}: the blocklist does not cover ${missing.join(", ")}`, `add "BLOCKED_PATTERNS": "${REQUIRED_BLOCKS.join(",")}" (the guide's explicit blocks)`, "warning");
}

function lintDatabase(where: string, s: ConfigServer, env: EnvProps, args: { value: string; node: Node }[], at: (n: Node) => Position, add: Add): void {
  const mode = envValue(env, ["DB_TYPE", "DB_MODE", "ACCESS_MODE", "READ_ONLY", "READONLY"]);
  const readOnlyArg = args.some((a) => /^--?read-?only$/i.test(a.value));
  const writeArg = args.find((a) => /^--(allow-)?write$|^--read-?write$/i.test(a.value));
  const isReadOnly = readOnlyArg || (mode !== undefined && /^(read-?replica|replica|read-?only|ro|true|1|yes)$/i.test(mode.value));
  if (writeArg) add("database", at(writeArg.node), `${where}: ${writeArg.value} gives the assistant write access to the database`, "remove it and connect to a read-only replica");
  else if (mode && !isReadOnly) add("database", at(mode.node), `${where}: the connection mode "${mode.value}" is not read-only`, 'connect to a read-only replica: "DB_TYPE": "read-replica" and a read-only connection string');
  else if (!isReadOnly) add("database", s.at, `${where}: a database server without a declared read-only connection`, 'connect to a read-only replica and say so: "DB_TYPE": "read-replica"');
  if (!envValue(env, ["MAX_ROWS", "ROW_LIMIT"])) add("database", s.at, `${where}: no row limit`, 'add "MAX_ROWS": "100"', "warning");
  if (!envValue(env, ["QUERY_TIMEOUT", "QUERY_TIMEOUT_MS", "STATEMENT_TIMEOUT"])) add("database", s.at, `${where}: no query timeout`, 'add "QUERY_TIMEOUT": "5000" (milliseconds)', "warning");
}

/** `file:line:col: level MCPC-01 message; fix: ...`, one line per finding. */
export function renderFindingsText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.level} ${f.rule.id} ${f.message}; fix: ${f.fix}\n`).join("");
}
