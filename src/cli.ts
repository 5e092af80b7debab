import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { config as zodConfig } from "zod";
import { describeFailure, OutputFile, ownPackage } from "./cliFailure";
import type { QueryFlags } from "./commands/query";
import type { ReviewFlags } from "./commands/review";
import type { SimulateFlags } from "./commands/simulate";
import type { TestFlags } from "./commands/test";
import { InputError, UsageError } from "./errors";
import { ENVIRONMENTS, stackNameProblem } from "./naming";
import { today } from "./today";

/*
 * Each command imports its implementation when it runs: `validate` over a warm KQL cache should not
 * pay for @pulumi/pulumi, azure-native and the Azure SDK that `plan` and the live commands load.
 */

// zod compiles a parser for each schema (new Function) on its first parse; a CLI process parses each
// schema a handful of times, too few for the compilation to pay back.
zodConfig({ jitless: true });

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, changesOrConfig: 1, usage: 2, mandatoryViolation: 3, internal: 4 } as const;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

interface PlanFlags {
  stack: string;
  configFile?: string;
  cwd: string;
  out?: string;
  json?: boolean;
  firstPreview?: boolean;
}

async function planCommand(flags: PlanFlags, io: Io): Promise<number> {
  const [{ runPlan }, { renderPlan }, { blocking }] = await Promise.all([import("./plan/offlinePlan"), import("./plan/render"), import("./policy/runner")]);
  const out = flags.out === undefined ? undefined : new OutputFile(path.resolve(flags.out));
  const plan = await runPlan({ projectDir: flags.cwd, stack: flags.stack, configFile: flags.configFile, firstPreview: flags.firstPreview });
  const json = stableJson(plan.digest);
  out?.write(json);
  if (flags.json) {
    io.out(json);
    io.err(renderPlan(plan));
  } else {
    io.out(renderPlan(plan));
  }
  return blocking(plan.violations).length > 0 ? EXIT.mandatoryViolation : EXIT.ok;
}

/**
 * Checks every query and every alert against the table schema with Microsoft's KQL analyzer, and the
 * alerts' logic with the alert lint: the same checks `plan` and `pulumi up` run before registering anything.
 */
async function validateCommand(flags: { cwd: string }, io: Io): Promise<number> {
  const [{ loadQueryCatalog }, { loadCheckedAlerts }, registry] = await Promise.all([import("./kql/catalog"), import("./kql/alertLint"), importRegistry()]);
  const root = path.resolve(flags.cwd);
  const dir = path.join(root, "queries");
  if (!fs.existsSync(dir)) throw new UsageError(`no queries/ directory in ${root}`);
  const queries = loadQueryCatalog(dir);
  const alertDir = path.join(root, "alerts");
  const { alerts, warnings } = fs.existsSync(alertDir) ? loadCheckedAlerts(alertDir, queries) : { alerts: [], warnings: [] };
  for (const w of warnings) io.err(`warning: ${w}\n`);
  const servers = validateRegistry(root, io, registry);
  io.out(`${queries.length} queries and ${alerts.length} alerts checked against the workspace schema${servers === undefined ? "" : `, ${servers} servers against the REG checks`}: no errors.\n`);
  return EXIT.ok;
}

async function importRegistry() {
  const [{ requireRegistry }, { checkRegistry }] = await Promise.all([import("./registry/load"), import("./registry/checks")]);
  return { requireRegistry, checkRegistry };
}

/**
 * The REG checks for every environment, as `plan` runs them for one (the catalog linkage needs a stack,
 * so it stays with `plan`); undefined when the project has no servers/.
 */
function validateRegistry(root: string, io: Io, { requireRegistry, checkRegistry }: Awaited<ReturnType<typeof importRegistry>>): number | undefined {
  const dir = path.join(root, "servers");
  if (!fs.existsSync(dir)) return undefined;
  const servers = requireRegistry(dir);
  const now = today();
  // The same finding in several environments is one line, naming them unless it holds in all of them.
  const found = { error: new Map<string, string[]>(), warning: new Map<string, string[]>() };
  for (const environment of ENVIRONMENTS) {
    for (const f of checkRegistry(servers, { environment, today: now })) found[f.severity].set(f.message, [...(found[f.severity].get(f.message) ?? []), environment]);
  }
  const label = (m: string, e: string[]) => (e.length === ENVIRONMENTS.length ? m : `${e.join(", ")}: ${m}`);
  for (const [m, e] of found.warning) if (!found.error.has(m)) io.err(`warning: ${label(m, e)}\n`);
  const errors = [...found.error].map(([m, e]) => label(m, e));
  if (errors.length > 0) throw new InputError("invalid server registry", errors);
  return servers.length;
}

interface DiffFlags {
  stack: string;
  base: string;
  head?: string;
  cwd: string;
  format: "markdown" | "text";
  out?: string;
}

async function diffCommand(flags: DiffFlags, io: Io): Promise<number> {
  if (flags.format !== "markdown" && flags.format !== "text") throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed markdown, text`);
  const [{ diffDigests, priorState }, { loadSource, parseSource }, { hasNewMandatoryViolations, renderDiffMarkdown, renderDiffText }, { loadSuppressions }] = await Promise.all([
    import("./plan/diff"),
    import("./plan/planSource"),
    import("./plan/renderDiff"),
    import("./policy/suppressions"),
  ]);
  const out = flags.out === undefined ? undefined : new OutputFile(path.resolve(flags.out));
  const cwd = path.resolve(flags.cwd);
  const headSource = parseSource(flags.head, cwd);
  const baseSource = parseSource(flags.base, cwd);
  // The same preview file on both sides means: show what that `pulumi preview --json` changes.
  const samePreview = "file" in headSource && "file" in baseSource && headSource.file === baseSource.file;
  // The base is read first, so a bad --base fails before the working tree is planned.
  const given = samePreview ? undefined : await loadSource(baseSource, flags.stack, cwd);
  const head = await loadSource(headSource, flags.stack, cwd);
  const base = given ?? priorState(head);
  const diff = diffDigests(base, head, loadSuppressions(path.join(cwd, "policy", "suppressions.yaml")));
  const title = `mcp-guard diff: ${flags.stack} (${flags.base} -> ${flags.head ?? "working tree"})`;
  const text = flags.format === "markdown" ? renderDiffMarkdown(diff, title) : renderDiffText(diff, title);
  out?.write(text);
  io.out(text);
  if (hasNewMandatoryViolations(diff)) return EXIT.mandatoryViolation;
  return diff.changes.length > 0 ? EXIT.changesOrConfig : EXIT.ok;
}

type Registrar = (program: Command, io: Io, setCode: (code: number) => void) => void;

/**
 * Commands defined in modules of their own (the live commands load the Azure SDK): each module is
 * imported only for its own commands, or when every command is needed (help, an unknown command).
 */
const MODULE_COMMANDS = {
  verify: { names: ["verify"], load: async (): Promise<Registrar> => (await import("./live/verify")).registerVerify },
  notifyTest: { names: ["notify-test"], load: async (): Promise<Registrar> => (await import("./live/notifyTest")).registerNotifyTest },
  expiryReport: { names: ["expiry-report"], load: async (): Promise<Registrar> => (await import("./live/expiryReport")).registerExpiryReport },
  clients: { names: ["client-config", "lint-client-config", "registry"], load: async (): Promise<Registrar> => (await import("./commands/clients")).registerClientCommands },
} as const;
type ModuleCommands = Partial<Record<keyof typeof MODULE_COMMANDS, Registrar>>;

/** The MODULE_COMMANDS the command line needs: none for the commands defined here or `--version`. */
async function moduleCommandsFor(argv: readonly string[], own: Command): Promise<ModuleCommands> {
  const name = argv.find((a) => !a.startsWith("-"));
  const keys = Object.keys(MODULE_COMMANDS).filter((k): k is keyof typeof MODULE_COMMANDS => k in MODULE_COMMANDS);
  const wanted = keys.filter((k) => name !== undefined && MODULE_COMMANDS[k].names.some((n) => n === name));
  const ownCommand = name !== undefined && own.commands.some((c) => c.name() === name || c.aliases().includes(name));
  const versionOnly = name === undefined && (argv.includes("-V") || argv.includes("--version"));
  const load = wanted.length > 0 ? wanted : ownCommand || versionOnly ? [] : keys;
  return Object.fromEntries(await Promise.all(load.map(async (k) => [k, await MODULE_COMMANDS[k].load()] as const)));
}

function buildCli(io: Io, setCode: (code: number) => void, modules: ModuleCommands = {}): Command {
  const program = new Command("mcp-guard")
    .description("Offline plans, diffs and checks for the mcp-guard Pulumi project")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .version(String(ownPackage().version ?? "unknown"), "-V, --version", "print the mcp-guard version")
    .option("--debug", "on an internal error, print its stack trace too")
    .hook("preAction", (_, action) => {
      const stack: unknown = action.opts().stack;
      const problem = typeof stack === "string" ? stackNameProblem(stack) : undefined;
      if (problem) throw new UsageError(problem);
    });

  program
    .command("plan")
    .description("Run the Pulumi program under mocks (no Pulumi CLI, no Azure account) and print every resource it would create")
    .requiredOption("-s, --stack <name>", "stack whose config to use (stacks/Pulumi.<name>.yaml)")
    .option("--config-file <path>", "use this stack config file instead, as `pulumi --config-file` does")
    .option("-C, --cwd <dir>", "directory of the Pulumi project (its Pulumi.yaml)", process.cwd())
    .option("-o, --out <file>", "write the plan as `pulumi preview --json` would (a PreviewDigest) to this file")
    .option("--json", "print the PreviewDigest JSON on stdout (the readable plan goes to stderr)")
    .option("--first-preview", "plan the stack's first deployment as azure-native previews it: ids and every value Azure computes unknown, as CrossGuard sees them")
    .addHelpText("after", "\nExit codes: 0 planned, 1 invalid stack config or query catalog, 2 usage error, 3 a mandatory policy rule fails.")
    .action(async (flags: PlanFlags) => setCode(await planCommand(flags, io)));

  program
    .command("import-file")
    .description("Write a `pulumi import --file` document that adopts existing resources (a vault, a workspace) where the program declares them (docs/import.md)")
    .requiredOption("-s, --stack <name>", "stack to adopt them into (stacks/Pulumi.<name>.yaml)")
    .requiredOption("--id <name=armId...>", "the plan's logical name and the existing resource's ARM id, e.g. secrets-vault=/subscriptions/.../vaults/kv-x")
    .option("--config-file <path>", "use this stack config file instead, as `pulumi --config-file` does")
    .option("-C, --cwd <dir>", "directory of the Pulumi project (its Pulumi.yaml)", process.cwd())
    .action(async (flags: { stack: string; id: string[]; configFile?: string; cwd: string }) => {
      const ids = Object.fromEntries(flags.id.map((pair) => {
        const at = pair.indexOf("=");
        if (at < 1) throw new UsageError(`--id ${JSON.stringify(pair)} is not name=armId; e.g. secrets-vault=/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }));
      const [{ runPlan }, { importFile }] = await Promise.all([import("./plan/offlinePlan"), import("./plan/importFile")]);
      const plan = await runPlan({ projectDir: flags.cwd, stack: flags.stack, configFile: flags.configFile });
      io.out(stableJson(importFile(plan.digest, ids)));
      setCode(EXIT.ok);
    });

  program
    .command("diff")
    .description("Compare what two versions deploy to one stack, offline: resources and properties added, changed, replaced or removed, and the policy violations introduced or fixed")
    .requiredOption("-s, --stack <name>", "stack to compare")
    .requiredOption("-b, --base <ref|file>", "a git ref (planned with that commit's own code) or a plan JSON (mcp-guard plan --out, or pulumi preview --json)")
    .option("--head <ref|file>", "the same for the new side (default: the working tree); the same preview file as --base shows what that preview changes")
    .option("-C, --cwd <dir>", "directory of the Pulumi project", process.cwd())
    .option("-f, --format <format>", "markdown (for PR comments) or text", "text")
    .option("-o, --out <file>", "also write the diff to this file")
    .addHelpText("after", "\nExit codes: 0 no changes, 1 changes, 2 usage error, 3 the change introduces a mandatory policy violation.")
    .action(async (flags: DiffFlags) => setCode(await diffCommand(flags, io)));

  program
    .command("validate")
    .description("Check every query in queries/ and every alert in alerts/ against the audit schema with Microsoft's KQL analyzer, lint the alerts' logic, and run the REG checks over servers/ for every environment (offline)")
    .option("-C, --cwd <dir>", "project directory holding queries/, alerts/ and servers/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 valid (warnings go to stderr), 1 at least one error (each printed with its file and line), 2 usage error.")
    .action(async (flags: { cwd: string }) => setCode(await validateCommand(flags, io)));

  modules.verify?.(program, io, setCode);
  modules.notifyTest?.(program, io, setCode);
  modules.expiryReport?.(program, io, setCode);
  program
    .command("test")
    .description("Run every detection test (alerts/tests/*.yaml, queries/tests/*.yaml) through the KQL engine and the alert simulator, in each stack's configuration")
    .option("-s, --stack <name>", "only this stack's overrides and parameters (default: every stack in stacks/)")
    .option("-C, --cwd <dir>", "project directory holding queries/, alerts/ and stacks/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 every test passed, 1 a test failed or a test file is invalid, 2 usage error.")
    .action(async (flags: TestFlags) => setCode((await import("./commands/test")).testCommand(flags, io)));

  program
    .command("simulate")
    .description("Replay exported logs through one alert as a stack deploys it: when Azure would fire and resolve it")
    .requiredOption("-a, --alert <name>", "the alert (alerts/<name>.yaml)")
    .requiredOption("-l, --logs <file>", "records of the table the alert reads: .json (az monitor log-analytics query -o json), .csv (the portal's export) or .jsonl")
    .option("--from <time>", "first evaluation, ISO 8601 (default: the first one that sees the first record)")
    .option("--to <time>", "last evaluation, ISO 8601 (default: once the last record has left the window and an alert could resolve)")
    .option("-s, --stack <name>", "whose overrides and parameters to use (default: prod)")
    .option("--gateway-principal-ids <ids>", "comma-separated object ids of the deployed gateway's identities (gatewayPrincipalIds)")
    .option("-f, --format <format>", "text (a timeline of fires and resolves) or json (one object per evaluation and line)", "text")
    .option("-C, --cwd <dir>", "project directory holding queries/, alerts/ and stacks/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 simulated, 1 invalid alert definitions, 2 usage error or a bad log record (printed as <file>:<line>: <problem>).")
    .action(async (flags: SimulateFlags) => setCode((await import("./commands/simulate")).simulateCommand(flags, io)));

  program
    .command("query")
    .description("Run a catalog query (by name) or a .kql file over exported logs and print the result table")
    .argument("<query>", "a query in queries/ by name, or a .kql file")
    .requiredOption("-l, --logs <file>", "records of the table the query reads: .json, .csv or .jsonl (as for simulate)")
    .option("-s, --stack <name>", "whose parameter values (approved servers and tools) to use (default: prod)")
    .option("--now <time>", "the query's now(), ISO 8601 (default: the newest record's TimeGenerated)")
    .option("-f, --format <format>", "table or json", "table")
    .option("-C, --cwd <dir>", "project directory holding queries/ and stacks/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 ran, 2 usage error, a bad log record or a query the engine rejects.")
    .action(async (query: string, flags: QueryFlags) => setCode((await import("./commands/query")).queryCommand(query, flags, io)));

  program
    .command("review")
    .description("Print the guide's MCP Server Security Review form filled from servers/<server>.yaml (Markdown), and the server's REG check findings")
    .argument("<server>", "the server's name (servers/<server>.yaml)")
    .option("-C, --cwd <dir>", "project directory holding servers/", process.cwd())
    .addHelpText("after", "\nExit codes: 0 no error (warnings go to stderr), 1 a REG check error or an invalid server file, 2 usage error (no such server).")
    .action(async (server: string, flags: ReviewFlags) => setCode((await import("./commands/review")).reviewCommand(server, flags, io)));

  modules.clients?.(program, io, setCode);
  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can call it. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const setCode = (c: number) => (code = c);
  try {
    const own = buildCli(io, setCode);
    const modules = await moduleCommandsFor(argv, own);
    const program = Object.keys(modules).length === 0 ? own : buildCli(io, setCode, modules);
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const failure = describeFailure(err, argv.includes("--debug"));
    io.err(failure.text);
    return failure.code;
  }
}
