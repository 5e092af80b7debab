import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "./errors";
import { UsageError } from "./errors";

/**
 * How every CLI command fails: a user's mistake is one line per problem with the fix (exit 1 for bad
 * input, 2 for bad usage); anything else is a bug in mcp-guard, said in one line with where to report
 * it, and only `--debug` shows its stack trace.
 */
export const FAILURE_EXIT = { input: 1, usage: 2, internal: 4 } as const;

/** This package's package.json, from src/ in a checkout or dist/src/ in an installed package. */
export function ownPackage(): Record<string, unknown> {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
      return typeof pkg === "object" && pkg !== null ? { ...pkg } : {};
    }
    if (path.dirname(dir) === dir) return {};
  }
}

/** Where to report a bug: package.json's `bugs`, else its maintainers. */
function reportTo(): string {
  try {
    const bugs = ownPackage().bugs;
    if (typeof bugs === "string") return bugs;
    if (typeof bugs === "object" && bugs !== null && "url" in bugs && typeof bugs.url === "string") return bugs.url;
  } catch {
    // A package without a readable package.json still gets a place to report.
  }
  return "the mcp-guard maintainers";
}

/** System errors a user causes by pointing mcp-guard at the wrong file or a full disk. */
const USER_FS_ERRORS: Record<string, string> = {
  ENOENT: "does not exist",
  EISDIR: "is a directory",
  ENOTDIR: "has a file where a directory was expected",
  EACCES: "is not accessible (permission denied)",
  EPERM: "is not accessible (operation not permitted)",
  ENOSPC: "cannot be written: no space left on the device",
  EROFS: "cannot be written: the file system is read-only",
  EMFILE: "cannot be opened: too many open files",
};

/** Duck-typed: errors from Node's core or another realm (jest's sandbox, a worker) fail `instanceof Error`. */
function systemError(err: unknown): { code: string; path?: string } | undefined {
  if (typeof err !== "object" || err === null || !("code" in err) || typeof err.code !== "string") return undefined;
  return { code: err.code, path: "path" in err && typeof err.path === "string" ? err.path : undefined };
}

/**
 * The text and exit code for a command that threw. Messages of user errors are printed as they are:
 * they never carry secret values (config and file readers blind them before they throw).
 */
export function describeFailure(err: unknown, debug: boolean): { code: number; text: string } {
  if (err instanceof InputError) return { code: FAILURE_EXIT.input, text: `error: ${err.what}\n${err.problems.map((p) => `  ${p}`).join("\n")}\n` };
  if (err instanceof UsageError) return { code: FAILURE_EXIT.usage, text: `error: ${err.message}\n` };
  const sys = systemError(err);
  if (sys && USER_FS_ERRORS[sys.code]) return { code: FAILURE_EXIT.usage, text: `error: ${sys.path ?? "a file"} ${USER_FS_ERRORS[sys.code]}\n` };
  const field = (k: string): string | undefined => (typeof err === "object" && err !== null && k in err && typeof Reflect.get(err, k) === "string" ? String(Reflect.get(err, k)) : undefined);
  const message = field("message");
  const first = (message === undefined ? String(err) : `${field("name") ?? "Error"}: ${message}`).split("\n")[0].slice(0, 300);
  const stack = field("stack");
  const trace = debug && stack ? `${stack}\n` : "";
  return {
    code: FAILURE_EXIT.internal,
    text: `internal error: ${first}\n  This is a bug in mcp-guard, not in your input: please report it to ${reportTo()} with the command you ran${debug ? " and the trace below" : " and the output of the same command with --debug"}.\n${trace}`,
  };
}

/**
 * One byte written at offset 0 and truncated away proves the device takes writes: a full disk accepts
 * the open and refuses the write. Pipes and terminals cannot be probed by position, and need not be.
 */
function probe(fd: number): void {
  try {
    fs.writeSync(fd, " ", 0);
    fs.ftruncateSync(fd, 0);
  } catch (err) {
    const code = systemError(err)?.code;
    if (code !== "ESPIPE" && code !== "EINVAL") throw err;
  }
}

/**
 * A file a command writes at its end, opened before the work starts: a missing directory, a directory,
 * a read-only or full device fails in a second, not after a whole plan.
 */
export class OutputFile {
  private readonly fd: number;

  constructor(readonly file: string) {
    try {
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`--out ${file} is a directory; give a file name`);
      const dir = path.dirname(file);
      if (!fs.existsSync(dir)) throw new UsageError(`--out ${file}: the directory ${dir} does not exist; create it or write elsewhere`);
      this.fd = fs.openSync(file, "w");
      probe(this.fd);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--out ${file} ${USER_FS_ERRORS[systemError(err)?.code ?? ""] ?? "cannot be written"}`);
    }
  }

  write(text: string): void {
    try {
      fs.writeFileSync(this.fd, text);
      fs.closeSync(this.fd);
    } catch (err) {
      throw new UsageError(`--out ${this.file} ${USER_FS_ERRORS[systemError(err)?.code ?? ""] ?? "cannot be written"}`);
    }
  }
}
