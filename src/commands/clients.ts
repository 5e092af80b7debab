import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { CLIENT_FORMATS, ClientFormat, GatewayTarget, renderClientConfig } from "../clients/clientConfig";
import { Finding, lintClientConfig, renderFindingsText } from "../clients/lint";
import { renderSarif } from "../clients/sarif";
import { OutputFile, ownPackage } from "../cliFailure";
import { gatewayClientAuth } from "../components/gatewayEdgeAuth";
import { McpGuardConfig, parseConfig, today } from "../config";
import { projectStacks } from "../detections/stacks";
import { InputError } from "../errors";
import { readProjectFile, readStackConfig, stackFilePath } from "../plan/projectFiles";
import { UsageError } from "../errors";
import { registryDocuments, writeRegistryExport } from "../registry/export";
import { requireRegistry } from "../registry/load";
import { isApproved, McpServerEntry } from "../registry/schema";
import { registryForConfig } from "../registry/stack";
import { Io } from "./common";

/** One stack's validated config, read as the program reads it. */
function stackConfig(projectDir: string, stack: string): McpGuardConfig {
  const project = readProjectFile(projectDir);
  const file = stackFilePath(project, stack);
  if (!fs.existsSync(file)) throw new UsageError(`--stack ${stack}: no stack config ${path.relative(projectDir, file)}; allowed ${projectStacks(projectDir).join(", ")}`);
  return parseConfig({ project: project.name, stack, ...readStackConfig(project, file) });
}

/**
 * The gateway as clients reach it: App Service's default host name (`<app>.azurewebsites.net`, which the
 * private DNS zone resolves to the private endpoint on linked networks) and the MCP path; the same URL
 * the stack outputs as `gatewayPrivateUrl`.
 */
export function gatewayOf(config: McpGuardConfig): GatewayTarget {
  return { url: `https://${config.names.webApp}.azurewebsites.net${config.gateway.mcpPath}`, auth: gatewayClientAuth(config.gateway.edgeAuth) };
}

function registryOf(projectDir: string): McpServerEntry[] {
  return requireRegistry(path.join(projectDir, "servers"));
}

/** The servers that run in a stack, after every REG check `plan` runs (an invalid registry fails here as there). */
function runningIn(projectDir: string, config: McpGuardConfig): McpServerEntry[] {
  return registryForConfig(path.join(projectDir, "servers"), config, today()).servers;
}

export interface ClientConfigFlags {
  stack: string;
  server?: string[];
  format: string;
  out?: string;
  cwd: string;
}

export function clientConfigCommand(flags: ClientConfigFlags, io: Io): number {
  if (!CLIENT_FORMATS.some((f) => f === flags.format)) throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed ${CLIENT_FORMATS.join(", ")}`);
  const format = CLIENT_FORMATS.find((f) => f === flags.format) ?? "cursor";
  const out = flags.out === undefined ? undefined : new OutputFile(path.resolve(flags.out));
  const cwd = path.resolve(flags.cwd);
  const config = stackConfig(cwd, flags.stack);
  const approved = runningIn(cwd, config);
  const wanted = flags.server ?? approved.map((s) => s.name);
  const problems = wanted.filter((n) => !approved.some((s) => s.name === n)).map((n) => `--server ${n}: not approved and enabled in ${flags.stack} (servers/${n}.yaml); allowed ${approved.map((s) => s.name).join(", ") || "none"}`);
  if (problems.length > 0) throw new InputError("cannot write the client config", problems);
  const text = renderClientConfig(approved.filter((s) => wanted.includes(s.name)), gatewayOf(config), format);
  if (out) {
    out.write(text);
    io.err(`wrote ${flags.out} (${wanted.length} server(s) for ${flags.stack}, ${format} format)\n`);
  } else {
    io.out(text);
  }
  return 0;
}

export interface LintFlags {
  stack?: string;
  format: string;
  cwd: string;
}

export function lintCommand(files: string[], flags: LintFlags, io: Io): number {
  if (flags.format !== "text" && flags.format !== "sarif") throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed text, sarif`);
  const cwd = path.resolve(flags.cwd);
  const registry = registryOf(cwd);
  const config = flags.stack === undefined ? undefined : stackConfig(cwd, flags.stack);
  const ctx = { registry, stack: config && { name: config.stack, environment: config.environment, gatewayUrl: gatewayOf(config).url } };
  const findings: Finding[] = [];
  let servers = 0;
  for (const f of files) {
    const abs = path.resolve(f);
    const shown = path.relative(cwd, abs).split(path.sep).join("/") || path.basename(abs);
    const r = lintClientConfig(shown, fs.readFileSync(abs, "utf8"), ctx);
    findings.push(...r.findings);
    servers += r.servers;
  }
  const errors = findings.filter((f) => f.level === "error").length;
  if (flags.format === "sarif") {
    const pkg = ownPackage();
    io.out(renderSarif(findings, { name: "mcp-guard lint-client-config", version: String(pkg.version ?? "0.0.0") }));
  } else {
    io.out(renderFindingsText(findings));
    io.out(`${files.length} file(s), ${servers} server(s)${config ? ` checked against ${config.stack}` : ""}: ${errors} error(s), ${findings.length - errors} warning(s)\n`);
  }
  return errors > 0 ? 1 : 0;
}

export interface RegistryExportFlags {
  stack?: string;
  out: string;
  namespace: string;
  cwd: string;
}

export function registryExportCommand(flags: RegistryExportFlags, io: Io): number {
  if (!/^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/.test(flags.namespace)) throw new UsageError(`--namespace ${JSON.stringify(flags.namespace)} is not a reverse-DNS name; allowed your organisation's domain reversed, such as com.contoso`);
  const cwd = path.resolve(flags.cwd);
  const registry = registryOf(cwd);
  const config = flags.stack === undefined ? undefined : stackConfig(cwd, flags.stack);
  const servers = config ? runningIn(cwd, config) : registry.filter(isApproved);
  const outDir = path.resolve(flags.out);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new UsageError(`--out ${flags.out} is a file; give a directory`);
  const written = writeRegistryExport(outDir, registryDocuments(servers, { namespace: flags.namespace, gateway: config && gatewayOf(config) }));
  const unreachable = config ? [] : servers.filter((s) => s.transport.type !== "stdio").map((s) => s.name);
  io.out(`${servers.length} approved server(s)${config ? ` enabled in ${config.stack}` : ""}: ${written.length} documents under ${flags.out}/v0.1/servers, each valid server.json (2025-12-11)\n`);
  if (unreachable.length > 0) io.err(`note: ${unreachable.join(", ")} ${unreachable.length === 1 ? "is a remote server" : "are remote servers"}, published without remotes[]: give --stack so they point at that stack's gateway\n`);
  return 0;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

export function registerClientCommands(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command("client-config")
    .description("Write the Cursor mcp.json (or VS Code .vscode/mcp.json) for the servers approved and enabled in a stack: remote ones through the private gateway, credentials only as references")
    .requiredOption("-s, --stack <name>", "stack whose environment, gateway and edge authentication to use")
    .option("--server <name>", "only this server (repeatable; default every approved server enabled in the stack)", collect)
    .option("-f, --format <format>", `${CLIENT_FORMATS.join(" or ")}`, "cursor" satisfies ClientFormat)
    .option("-o, --out <file>", "write the file here instead of stdout (.cursor/mcp.json, .vscode/mcp.json)")
    .option("-C, --cwd <dir>", "project directory holding servers/ and stacks/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 written, 1 invalid registry or stack config, or a --server that is not approved there, 2 usage error.")
    .action((flags: ClientConfigFlags) => setCode(clientConfigCommand(flags, io)));

  program
    .command("lint-client-config")
    .description("Check Cursor, VS Code or Claude Desktop MCP config files against the approval registry and the guide's DO / DON'T list")
    .argument("<path...>", "config files (mcp.json, .vscode/mcp.json, claude_desktop_config.json); JSON with comments is read as the clients read it")
    .option("-s, --stack <name>", "also check enablement in this stack's environment and that remote servers go through its gateway")
    .option("-f, --format <format>", "text (file:line:col: level id message; fix: ...) or sarif (SARIF 2.1.0 for GitHub code scanning)", "text")
    .option("-C, --cwd <dir>", "project directory holding servers/ (file paths in the output are relative to it)", process.cwd())
    .addHelpText("after", "\nExit codes: 0 no error-level finding (warnings allowed), 1 at least one error-level finding or an invalid registry, 2 usage error or an unreadable file.")
    .action((files: string[], flags: LintFlags) => setCode(lintCommand(files, flags, io)));

  program
    .command("registry")
    .description("The approval registry as an MCP registry (API v0.1)")
    .command("export")
    .description("Write the v0.1 registry documents (servers list, server.json per server) for a static host or an Azure API Center import; every document is validated against server.json 2025-12-11")
    .requiredOption("-o, --out <dir>", "output directory (created; files under v0.1/servers/)")
    .option("-s, --stack <name>", "only the servers enabled in this stack, remote ones behind its gateway (default: every approved server)")
    .option("--namespace <reverse-dns>", "your organisation's reverse-DNS namespace for server names (com.contoso -> com.contoso/github)", "com.contoso")
    .option("-C, --cwd <dir>", "project directory holding servers/ and stacks/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 written, 1 invalid registry, stack config or a document that does not validate, 2 usage error.")
    .action((flags: RegistryExportFlags) => setCode(registryExportCommand(flags, io)));
}
