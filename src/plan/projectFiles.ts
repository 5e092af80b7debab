import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configDocs } from "../config";
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

export class UsageError extends Error {}

export function readProjectFile(dir: string): ProjectFile {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new UsageError(`no Pulumi.yaml in ${dir}`);
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  if (!isRecord(doc) || typeof doc.name !== "string") throw new UsageError(`${file}: no project name`);
  const main = typeof doc.main === "string" ? doc.main : "index.ts";
  const declaredDefaults: Record<string, unknown> = {};
  if (isRecord(doc.config)) {
    for (const [key, decl] of Object.entries(doc.config)) {
      if (isRecord(decl) && "default" in decl) declaredDefaults[key] = decl.default;
    }
  }
  return {
    dir,
    name: doc.name,
    main: path.resolve(dir, fs.existsSync(path.resolve(dir, main, "index.ts")) ? path.join(main, "index.ts") : main),
    stackConfigDir: typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".",
    declaredDefaults,
  };
}

export function stackFilePath(project: ProjectFile, stack: string): string {
  return path.join(project.dir, project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

function isSecure(v: unknown): boolean {
  return isRecord(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
}

/** Replaces nested `secure:` values; reports whether any was found (Pulumi then marks the whole key secret). */
function decode(v: unknown, found: { secret: boolean }): unknown {
  if (isSecure(v)) {
    found.secret = true;
    return OFFLINE_SECRET_PLACEHOLDER;
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
  if (!fs.existsSync(file)) throw new UsageError(`no stack config file ${file}`);
  const doc: unknown = parse(fs.readFileSync(file, "utf8")) ?? {};
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
