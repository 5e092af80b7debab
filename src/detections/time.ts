/**
 * Times in detection tests and the simulator: relative offsets such as `-12m`, `-1h30m` or `2d` (from
 * a test's time 0), absolute ISO 8601 instants, and the ISO 8601 durations alert rules use.
 */
import { durationMinutes } from "../kql/alerts";

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const RELATIVE = /^([+-])?((?:\d+(?:ms|d|h|m|s))+)$/;

/** `-12m` -> -720000; `0` -> 0; undefined when the text is not a relative time. */
export function relativeMs(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  const m = RELATIVE.exec(t);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2].matchAll(/(\d+)(ms|d|h|m|s)/g)) total += Number(part[1]) * UNIT_MS[part[2]];
  return m[1] === "-" ? -total : total;
}

/** An ISO 8601 instant with an explicit zone (Z or an offset), in epoch ms; undefined otherwise. */
export function instantMs(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim().replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(ms) ? undefined : ms;
}

/** An alert rule's ISO 8601 duration (PT5M, P2D) in ms; throws on text the alert schema already rejects. */
export function isoDurationMs(iso: string): number {
  const minutes = durationMinutes(iso);
  if (minutes === undefined) throw new Error(`${JSON.stringify(iso)} is not an ISO 8601 duration`);
  return minutes * 60_000;
}

/** `-15m` style text for an offset, for messages and test output. */
export function formatRelative(ms: number): string {
  if (ms === 0) return "0";
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return `${ms < 0 ? "-" : "+"}${parts.join("")}`;
}

/** ISO 8601 UTC with milliseconds only when they are not zero, as Log Analytics writes instants. */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith(".000Z") ? `${s.slice(0, -5)}Z` : s;
}

/**
 * Sorts in place by a time text (as Array.prototype.sort with Date.parse in the comparator would, and as
 * stably), parsing each item's time once instead of at every comparison.
 */
export function sortByTime<T>(items: T[], timeOf: (item: T) => unknown): T[] {
  const decorated = items.map((item) => ({ item, time: Date.parse(String(timeOf(item))) }));
  decorated.sort((a, b) => a.time - b.time);
  decorated.forEach((d, i) => (items[i] = d.item));
  return items;
}
