import { spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { ProjectFile, StackConfigValues } from "../../src/plan/projectFiles";

export interface LanguageHostRun {
  project: ProjectFile;
  projectDir: string;
  stack: string;
  config: StackConfigValues;
  monitorAddress: string;
  engineAddress: string;
}

/**
 * The command line and environment Pulumi's Node language host gives a program
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go `constructArguments`, `constructConfig`,
 * `constructConfigSecretKeys`, `execRuntime`):
 * - `node <@pulumi/pulumi/cmd/run> --monitor --engine --project --root-directory --stack --pwd --dry-run
 *   --parallel <entry point>`; `--organization` only when the backend has one (a self-managed backend
 *   has none) and `--sync` only for the synchronous-invoke pipes, which this program never uses;
 * - `PULUMI_CONFIG`: the stack's config as JSON, keys rewritten to the old `<namespace>:config:<name>` form;
 * - `PULUMI_CONFIG_SECRET_KEYS`: the secret keys as a JSON array;
 * - `PULUMI_NODEJS_TYPESCRIPT=true` for `runtime.options.typescript` (Pulumi.yaml), so cmd/run compiles
 *   `index.ts` with ts-node, type-checking it unless the tsconfig says `noCheck`.
 * `--parallel` is `pulumi preview`'s default, 4 per CPU (pkg/cmd/pulumi/operations/up.go `defaultParallel`).
 */
export function languageHostCommand(run: LanguageHostRun): { args: string[]; env: NodeJS.ProcessEnv } {
  const runPath = path.dirname(require.resolve("@pulumi/pulumi/cmd/run", { paths: [run.projectDir] }));
  const args = [
    runPath,
    "--monitor",
    run.monitorAddress,
    "--engine",
    run.engineAddress,
    "--project",
    run.project.name,
    "--root-directory",
    run.projectDir,
    "--stack",
    run.stack,
    "--pwd",
    run.projectDir,
    "--dry-run",
    "--parallel",
    String(os.cpus().length * 4),
    path.relative(run.projectDir, run.project.main) || ".",
  ];
  const config = Object.fromEntries(
    Object.entries(run.config.values).map(([key, value]) => {
      const cut = key.indexOf(":");
      return [`${key.slice(0, cut)}:config:${key.slice(cut + 1)}`, value];
    }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.config.secretKeys),
    PULUMI_NODEJS_TYPESCRIPT: "true",
  };
  // jest's own switches must not leak into the program's process.
  for (const key of ["NODE_OPTIONS", "JEST_WORKER_ID", "MCP_GUARD_PLAN_CACHE"]) delete env[key];
  return { args, env };
}

/** Runs the program as `pulumi preview` would; resolves with its exit code and what it printed. */
export function runLanguageHost(run: LanguageHostRun): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { args, env } = languageHostCommand(run);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: run.projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
