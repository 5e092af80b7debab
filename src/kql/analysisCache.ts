import { diskCache } from "../diskCache";
import { analyzeKql, KqlAnalysis, KqlFunction, KqlGlobals, kqlGlobals, KqlTable } from "./kusto";

/*
 * Loading Kusto.Language and building its global state cost most of a plan's KQL time, yet the same
 * query texts are analysed against the same schema on every plan, in every test worker and in CI. An
 * analysis is a pure function of the library's version, the declared tables and functions, and the
 * text, so its result is kept on disk under a hash of all three and in memory for the process; the
 * library is loaded only when some text misses both.
 */

/** The schema a text is analysed against. */
export interface KqlSchema {
  tables: readonly KqlTable[];
  functions?: readonly KqlFunction[];
}

const memory = new Map<string, KqlAnalysis>();
const globalsBySchema = new Map<string, KqlGlobals>();

/** A cached file in the shape this version writes; anything else (truncated, older) counts as a miss. */
function isAnalysis(v: unknown): v is KqlAnalysis {
  if (typeof v !== "object" || v === null) return false;
  const fields: (keyof KqlAnalysis)[] = ["diagnostics", "resultColumns", "operators", "functionCalls", "referencedNames"];
  return fields.every((f) => f in v && Array.isArray(Reflect.get(v, f)));
}

const disk = diskCache("kql", "@kusto/language-service-next", isAnalysis);

/** `analyzeKql` of `text` against `schema`, from memory, then disk, then Kusto.Language itself. */
export function analyzeCached(text: string, schema: KqlSchema): KqlAnalysis {
  const schemaKey = JSON.stringify([schema.tables, schema.functions ?? []]);
  const key = disk.key(schemaKey, text);
  const known = memory.get(key);
  if (known) return known;
  const cached = disk.read(key);
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
  disk.write(key, analysis);
  return analysis;
}
