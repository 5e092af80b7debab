import { GeneratedRecord, generate } from "./generators";
import { RecordEntry } from "./testFile";
import { isoUtc, sortByTime } from "./time";

/** A test's records by table, and how late each arrives. */
export interface Materialized {
  tables: Record<string, Record<string, unknown>[]>;
  delayOf: (record: Record<string, unknown>) => number;
  /** Offset of the earliest record from time 0, ms (0 when there are none). */
  earliest: number;
}

/**
 * Generated records by generator, options and anchor. Generators are seeded, so the same entry always
 * gives the same records, and many tests share one background (30 developers for two hours, 20 for two
 * days): each is generated once per process, and the engine then types the shared records once too.
 * Records are never written to after generation.
 */
const generated = new Map<string, GeneratedRecord[]>();

function generatedOnce(e: Extract<RecordEntry, { kind: "generate" }>, anchorMs: number): GeneratedRecord[] {
  const key = JSON.stringify([e.generator, e.options, anchorMs]);
  let records = generated.get(key);
  if (!records) {
    if (generated.size >= 64) generated.clear();
    generated.set(key, (records = generate(e.generator, e.options, { anchorMs })));
  }
  return records;
}

/** Turns a test's record entries into records: absolute times from `anchorMs`, each with its arrival delay. */
export function materialize(entries: readonly RecordEntry[], anchorMs: number, defaultDelay: number): Materialized {
  const tables: Record<string, Record<string, unknown>[]> = {};
  const delays = new Map<Record<string, unknown>, number>();
  const seen = new Set<Record<string, unknown>>();
  let earliest = Infinity;
  const add = (table: string, given: Record<string, unknown>, delay: number | undefined) => {
    // A record shared with another entry of this test (the same generator twice) is its own record here, with its own delay.
    const record = seen.has(given) ? { ...given } : given;
    seen.add(record);
    (tables[table] ??= []).push(record);
    if (delay !== undefined) delays.set(record, delay);
    earliest = Math.min(earliest, Date.parse(String(record.TimeGenerated)) - anchorMs);
  };
  for (const e of entries) {
    if (e.kind === "at") add(e.table, { ...e.fields, TimeGenerated: isoUtc(anchorMs + e.offset) }, e.delay);
    else if (e.kind === "repeat") {
      // Evenly spaced, first at `from` and last at `to`: a burst whose edges the author chose.
      const step = e.count > 1 ? (e.to - e.from) / (e.count - 1) : 0;
      for (let i = 0; i < e.count; i++) add(e.table, { ...e.fields, TimeGenerated: isoUtc(Math.round(anchorMs + e.from + i * step)) }, e.delay);
    } else for (const g of generatedOnce(e, anchorMs)) add(g.table, g.record, e.delay);
  }
  for (const rows of Object.values(tables)) sortByTime(rows, (r) => r.TimeGenerated);
  return { tables, delayOf: (r) => delays.get(r) ?? defaultDelay, earliest: Number.isFinite(earliest) ? earliest : 0 };
}
