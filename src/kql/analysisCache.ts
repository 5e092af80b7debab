import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeKql, KqlAnalysis, KqlFunction, KqlGlobals, kqlGlobals, KqlTable } from "./kusto";

/*
 * Loading Kusto.Language and building its global state cost most of a plan's KQL time, yet the same
 * query texts are analysed against the same schema on every plan, in every test worker and in CI. An
 * analysis is a pure function of the library's version, the declared tables and functions, and the
 * text, so its result is kept on disk under a hash of all three and in memory for the process; the
 * library is loaded only when some text misses both.
 */

const KUSTO_VERSION: string = JSON.parse(fs.readFileSync(require.resolve("@kusto/language-service-next/package.json"), "utf8")).version;

/** The schema a text is analysed against. */
export interface KqlSchema {
  tables: readonly KqlTable[];
  functions?: readonly KqlFunction[];
}

const memory = new Map<string, KqlAnalysis>();
const globalsBySchema = new Map<string, KqlGlobals>();

/**
 * Where analyses are kept: `MCP_GUARD_KQL_CACHE` (a directory, or `off`), else the `.cache` folder of
 * the nearest node_modules, the convention build tools share (babel-loader, eslint, terser).
 */
function cacheDir(): string | undefined {
  const configured = process.env.MCP_GUARD_KQL_CACHE;
  if (configured === "off") return undefined;
  if (configured) return configured;
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const modules = path.join(dir, "node_modules");
    if (fs.existsSync(modules)) return path.join(modules, ".cache", "mcp-guard", "kql");
  }
  return undefined;
}

/** A cached file in the shape this version writes; anything else (truncated, older) counts as a miss. */
function isAnalysis(v: unknown): v is KqlAnalysis {
  if (typeof v !== "object" || v === null) return false;
  const fields: (keyof KqlAnalysis)[] = ["diagnostics", "resultColumns", "operators", "functionCalls", "referencedNames"];
  return fields.every((f) => f in v && Array.isArray(Reflect.get(v, f)));
}

function fromDisk(file: string): KqlAnalysis | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return isAnalysis(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary name and renamed, so parallel test workers never read half a file; a read-only disk only costs the cache. */
function toDisk(dir: string, file: string, analysis: KqlAnalysis): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(analysis));
    fs.renameSync(tmp, file);
  } catch {
    // An unwritable cache directory makes the next run cold, nothing worse.
  }
}

/** `analyzeKql` of `text` against `schema`, from memory, then disk, then Kusto.Language itself. */
export function analyzeCached(text: string, schema: KqlSchema): KqlAnalysis {
  const schemaKey = JSON.stringify([schema.tables, schema.functions ?? []]);
  const key = createHash("sha256").update(KUSTO_VERSION).update("\0").update(schemaKey).update("\0").update(text).digest("hex");
  const known = memory.get(key);
  if (known) return known;
  const dir = cacheDir();
  const file = dir ? path.join(dir, `${key}.json`) : undefined;
  const cached = file ? fromDisk(file) : undefined;
  if (cached) {
    memory.set(key, cached);
    return cached;
  }
  let globals = globalsBySchema.get(schemaKey);
  if (!globals) {
    globals = kqlGlobals(schema.tables, schema.functions ?? []);
    globalsBySchema.set(schemaKey, globals);
  }
  const analysis = analyzeKql(text, globals);
  memory.set(key, analysis);
  if (dir && file) toDisk(dir, file, analysis);
  return analysis;
}
