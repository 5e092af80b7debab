import * as path from "node:path";
import { Document, LineCounter, parseAllDocuments } from "yaml";
import { diskCache } from "./diskCache";

/**
 * Every YAML file mcp-guard reads (Pulumi.yaml, stack files, alerts, suppressions) goes through here,
 * with one option set, so a hostile or careless file gets a one-line `<file>:<line>:<col>: <problem>`
 * instead of a stack trace or a silently different value:
 * - duplicate keys are errors (`uniqueKeys`), as in the Go YAML library the Pulumi CLI reads stack files
 *   with; the last one winning would hide the first from a reviewer;
 * - aliases expand at most MAX_ALIASES times (a "billion laughs" file otherwise takes the process down);
 * - one document per file: Pulumi reads only the first, so a second `---` would be invisible config;
 * - YAML 1.2 core schema without merge keys: `yes`/`no` stay strings, as in the Pulumi CLI.
 */
export const MAX_ALIASES = 100;
const PARSE_OPTIONS = { uniqueKeys: true, strict: true, merge: false, version: "1.2", prettyErrors: true } as const;

export interface ParsedYaml {
  /** Undefined when there are problems. */
  doc?: Document.Parsed;
  value?: unknown;
  lines: LineCounter;
  problems: string[];
}

export function parseYaml(file: string, src: string): ParsedYaml {
  const lines = new LineCounter();
  const docs = parseAllDocuments(src.replace(/^\uFEFF/, ""), { ...PARSE_OPTIONS, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) return { lines, problems: [`${file}: holds ${list.length} YAML documents (---); allowed one, since only the first would be read`] };
  const doc = list[0];
  if (doc === undefined) return { lines, value: undefined, problems: [] };
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    return { lines, problems: errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`) };
  }
  try {
    return { doc, lines, value: doc.toJS({ maxAliasCount: MAX_ALIASES }), problems: [] };
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    return { lines, problems: [`${file}: ${/alias/i.test(message) ? `expands aliases more than ${MAX_ALIASES} times; write the values out` : message}`] };
  }
}

/** A value parseYaml returned: finite numbers, strings, booleans, null, arrays, plain objects; what JSON keeps exactly. */
function isJsonExact(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(isJsonExact);
  if (typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return !Object.hasOwn(v, "__proto__") && Object.values(v).every(isJsonExact);
}

/** What parseYaml's result depends on besides the library and the text: the options above. */
const OPTIONS = JSON.stringify([MAX_ALIASES, PARSE_OPTIONS]);
const values = diskCache("yaml", "yaml", (v: unknown): v is { value: unknown } => typeof v === "object" && v !== null && "value" in v);

export interface YamlValue {
  value?: unknown;
  problems: string[];
  /** The document and its lines, to locate a field: parsed on first use when the value came from the cache. */
  located(): ParsedYaml;
}

/** A valid file's value read from the cache: the document is parsed only if a field must be located. */
function keptValue(file: string, src: string, value: unknown): YamlValue {
  let parsed: ParsedYaml | undefined;
  return { value, problems: [], located: () => (parsed ??= parseYaml(file, src)) };
}

/** parseYamlValue's result, and whether its value may be kept on disk. */
function parseValue(file: string, src: string): { result: YamlValue; keepable: boolean } {
  const key = values.key(OPTIONS, src);
  const cached = values.read(key);
  if (cached) return { result: keptValue(file, src, cached.value), keepable: true };
  const parsed = parseYaml(file, src);
  const keepable = parsed.problems.length === 0 && parsed.value !== undefined && isJsonExact(parsed.value);
  if (keepable) values.write(key, { value: parsed.value });
  return { result: { value: parsed.value, problems: parsed.problems, located: () => parsed }, keepable };
}

/**
 * parseYaml's value and problems, with the value of a valid file kept on disk under a hash of the
 * library, the options and the text: the `yaml` library parses about 4 MB a second, so a thousand
 * server files cost 1.5 s of every plan. Only a file without problems, whose value JSON keeps exactly,
 * is cached.
 */
export function parseYamlValue(file: string, src: string): YamlValue {
  return parseValue(file, src).result;
}

interface DirectoryValues {
  /** The hash of the options and every file's text, in order. */
  content: string;
  values: unknown[];
}
const directories = diskCache(
  "yaml",
  "yaml",
  (v: unknown): v is DirectoryValues => typeof v === "object" && v !== null && "content" in v && typeof v.content === "string" && "values" in v && Array.isArray(v.values),
);

/**
 * parseYamlValue for every file of the directory `dir`, with the values of its last state in which
 * every file was valid kept in one file for the directory: a thousand server files are then one read
 * instead of a thousand, about 110 of the 250 ms that loading a 1,000-server registry took.
 * One file per directory, replaced when the directory changes, so editing a large registry does not
 * grow the cache by its whole size each time; the per-file values still spare the unchanged files.
 */
export function parseYamlValues(dir: string, files: readonly { file: string; src: string }[]): YamlValue[] {
  const slot = directories.key("directory", path.resolve(dir));
  const content = directories.key(OPTIONS, ...files.map((f) => f.src));
  const kept = directories.read(slot);
  if (kept && kept.content === content && kept.values.length === files.length) {
    return files.map(({ file, src }, i) => keptValue(file, src, kept.values[i]));
  }
  const parsed = files.map(({ file, src }) => parseValue(file, src));
  if (parsed.every((p) => p.keepable)) directories.write(slot, { content, values: parsed.map((p) => p.result.value) });
  return parsed.map((p) => p.result);
}
