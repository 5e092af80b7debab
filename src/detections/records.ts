import { generate } from "./generators";
import { RecordEntry } from "./testFile";
import { isoUtc } from "./time";

/** A test's records by table, and how late each arrives. */
export interface Materialized {
  tables: Record<string, Record<string, unknown>[]>;
  delayOf: (record: Record<string, unknown>) => number;
  /** Offset of the earliest record from time 0, ms (0 when there are none). */
  earliest: number;
}

/** Turns a test's record entries into records: absolute times from `anchorMs`, each with its arrival delay. */
export function materialize(entries: readonly RecordEntry[], anchorMs: number, defaultDelay: number): Materialized {
  const tables: Record<string, Record<string, unknown>[]> = {};
  const delays = new Map<Record<string, unknown>, number>();
  let earliest = Infinity;
  const add = (table: string, record: Record<string, unknown>, delay: number | undefined) => {
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
    } else for (const g of generate(e.generator, e.options, { anchorMs })) add(g.table, g.record, e.delay);
  }
  for (const rows of Object.values(tables)) rows.sort((a, b) => Date.parse(String(a.TimeGenerated)) - Date.parse(String(b.TimeGenerated)));
  return { tables, delayOf: (r) => delays.get(r) ?? defaultDelay, earliest: Number.isFinite(earliest) ? earliest : 0 };
}
