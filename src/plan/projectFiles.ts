import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { configDocs } from "../config";
import { UsageError } from "../errors";
import { stackNameProblem } from "../naming";
import { parseYamlValue } from "../yamlFile";
import { isRecord } from "./digest";

/** The keys src/config.ts has no default for: what an offline plan of an ESC-importing stack must be given. */
const REQUIRED_KEYS = Object.entries(configDocs).filter(([, d]) => d.default === undefined).map(([k]) => k);

/** What the offline plan needs from Pulumi.yaml. */
export interface ProjectFile {
  dir: string;
  name: string;
  /** The program's entry file. */
  main: string;
  stackConfigDir: string;
  /** Project-level config declarations: key to its declared default, when it has one. */
  declaredDefaults: Record<string, unknown>;
}

/** Stack config as the Pulumi engine hands it to the program: strings, JSON for structures, secret keys marked. */
export interface StackConfigValues {
  values: Record<string, string>;
  secretKeys: string[];
}

/**
 * Stands in for a `secure:` value: the offline plan has no key to decrypt it. The key stays marked
 * secret, so every output shows `[secret]` and nothing here reaches a plan.
 */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-for-an-encrypted-value";

/** A YAML file's single document, or a UsageError naming the file, line and problem. */
function readYamlFile(file: string, missing: string): unknown {
  if (!fs.existsSync(file)) throw new UsageError(missing);
  if (!fs.statSync(file).isFile()) throw new UsageError(`${file} is a directory, not a YAML file`);
  const parsed = parseYamlValue(file, fs.readFileSync(file, "utf8"));
  if (parsed.problems.length > 0) throw new UsageError(parsed.problems.join("\n  "));
  return parsed.value;
}

export function readProjectFile(dir: string): ProjectFile {
  const file = path.join(dir, "Pulumi.yaml");
  const doc = readYamlFile(file, `no Pulumi.yaml in ${dir}`);
  if (!isRecord(doc) || typeof doc.name !== "string") throw new UsageError(`${file}: no project name`);
  const main = typeof doc.main === "string" ? doc.main : "index.ts";
  const entry = path.resolve(dir, fs.existsSync(path.resolve(dir, main, "index.ts")) ? path.join(main, "index.ts") : main);
  if (!fs.existsSync(entry) || !fs.statSync(entry).isFile()) throw new UsageError(`${file}: main ${JSON.stringify(main)} does not exist (looked for ${entry}); point main at the program's entry file`);
  const declaredDefaults: Record<string, unknown> = {};
  if (isRecord(doc.config)) {
    for (const [key, decl] of Object.entries(doc.config)) {
      if (isRecord(decl) && "default" in decl) declaredDefaults[key] = decl.default;
    }
  }
  return {
    dir,
    name: doc.name,
    main: entry,
    stackConfigDir: typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".",
    declaredDefaults,
  };
}

export function stackFilePath(project: ProjectFile, stack: string): string {
  const problem = stackNameProblem(stack);
  if (problem) throw new UsageError(problem);
  return path.join(project.dir, project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

/**
 * The placeholder for one ciphertext: the constant plus a digest of the ciphertext, so a rotated secret
 * (a new ciphertext in the stack file) shows as changed in a diff without either value being known.
 * The ciphertext is committed in the stack file already; its digest reveals nothing more.
 */
export function offlineSecretPlaceholder(ciphertext: string): string {
  return `${OFFLINE_SECRET_PLACEHOLDER}:${createHash("sha256").update(ciphertext).digest("hex").slice(0, 16)}`;
}

function isSecure(v: unknown): boolean {
  return isRecord(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
}

/** Replaces nested `secure:` values; reports whether any was found (Pulumi then marks the whole key secret). */
function decode(v: unknown, found: { secret: boolean }): unknown {
  if (isRecord(v) && isSecure(v)) {
    found.secret = true;
    return offlineSecretPlaceholder(String(v.secure));
  }
  if (Array.isArray(v)) return v.map((x) => decode(x, found));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x, found)]));
  return v;
}

/**
 * Turns a stack file's `config:` map into what the Pulumi engine hands the program: keys namespaced by
 * the project when bare, scalars as strings, lists and maps as JSON, project defaults for omitted keys.
 */
export function stackConfigFromMap(project: Pick<ProjectFile, "name" | "declaredDefaults">, config: Record<string, unknown>): StackConfigValues {
  const namespaced = (k: string) => (k.includes(":") ? k : `${project.name}:${k}`);
  const entries: [string, unknown][] = [
    ...Object.entries(project.declaredDefaults).map(([k, v]): [string, unknown] => [namespaced(k), v]),
    ...Object.entries(config).map(([k, v]): [string, unknown] => [namespaced(k), v]),
  ];
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, raw] of entries) {
    const found = { secret: false };
    const v = decode(raw, found);
    values[key] = typeof v === "string" ? v : isRecord(v) || Array.isArray(v) ? JSON.stringify(v) : String(v);
    if (found.secret) secretKeys.add(key);
    else secretKeys.delete(key);
  }
  return { values, secretKeys: [...secretKeys].sort() };
}

export function readStackConfig(project: ProjectFile, file: string, requiredKeys: readonly string[] = REQUIRED_KEYS, env: NodeJS.ProcessEnv = process.env): StackConfigValues {
  const doc: unknown = readYamlFile(file, `no stack config file ${file}`) ?? {};
  if (!isRecord(doc)) throw new UsageError(`${file}: not a YAML map`);
  const config = doc.config ?? {};
  if (!isRecord(config)) throw new UsageError(`${file}: config is not a map`);
  const esc = escImports(doc.environment);
  if (esc.length === 0) return stackConfigFromMap(project, config);
  // Pulumi ESC environments are resolved by the Pulumi Cloud service at `pulumi up`; offline their
  // values come from PULUMI_CONFIG (a JSON map of keys to values, as the Pulumi CLI hands config to a
  // program) or from a whole config file given with --config-file.
  const fromEnv = configFromEnvironment(env);
  const merged = stackConfigFromMap(project, { ...config, ...fromEnv });
  const missing = requiredKeys.filter((k) => merged.values[`${project.name}:${k}`] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `${file} imports the Pulumi ESC environment ${esc.join(", ")}, whose values are not available offline, and ${missing.map((k) => `${project.name}:${k}`).join(", ")} ${missing.length === 1 ? "is" : "are"} not set; supply ${missing.length === 1 ? "it" : "them"} with --config-file <a stack file with every value> or PULUMI_CONFIG='{"${project.name}:${missing[0]}": ...}'`,
    );
  }
  return merged;
}

/** The environments a stack file imports: `environment: [a, b]`, `environment: a` or `environment: { imports: [...] }`. */
function escImports(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.map(String);
  if (isRecord(v) && Array.isArray(v.imports)) return v.imports.map(String);
  return [];
}

function configFromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const text = env.PULUMI_CONFIG;
  if (text === undefined || text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError("PULUMI_CONFIG is not JSON; set it to a map of config keys to values");
  }
  if (!isRecord(parsed)) throw new UsageError("PULUMI_CONFIG is not a JSON map; set it to a map of config keys to values");
  return parsed;
}

/**
 * A program that cannot load because a package it imports is not installed is the user's setup, not a
 * bug: say which package and to run npm ci. Anything else the program threw goes on as it was.
 */
export function programFailure(err: unknown, project: ProjectFile): unknown {
  // Duck-typed: a loader's errors may come from another realm, where `instanceof Error` is false.
  if (typeof err !== "object" || err === null || !("code" in err) || (err.code !== "MODULE_NOT_FOUND" && err.code !== "ERR_MODULE_NOT_FOUND")) return err;
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec("message" in err ? String(err.message) : "")?.[1];
  if (missing === undefined || missing.startsWith(".") || path.isAbsolute(missing)) return err;
  const installed = fs.existsSync(path.join(project.dir, "node_modules"));
  return new UsageError(`${path.relative(project.dir, project.main) || project.main} imports ${missing}, which is not installed in ${project.dir}; run npm ci there${installed ? " (node_modules exists but lacks it: the lock file may be out of date)" : ""}`);
}
