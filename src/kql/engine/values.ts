/**
 * How the engine holds KQL values. Kusto keeps datetime and timespan as 64-bit counts of 100-ns ticks;
 * JavaScript numbers lose the last digit of a 2026 tick count, so both are bigint ticks here (datetime
 * counted from the Unix epoch). int, long and real are numbers (long beyond 2^53 loses precision), bool is
 * boolean, string is a string that is never null (Kusto has no null string: it is ""), dynamic is a JSON
 * value in which datetimes are ISO strings. null is the null of every other type.
 */
export type KqlValue = string | number | boolean | bigint | null | DynamicValue;
export type DynamicValue = null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };
export type Row = Record<string, KqlValue>;
export interface Column {
  name: string;
  type: string;
}
export interface Table {
  columns: Column[];
  rows: Row[];
}

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** Ticks from 0001-01-01 to 1970-01-01: Kusto's datetime ticks count from year 1, bin() aligns there. */
export const EPOCH_TICKS = 719_162n * TICKS_PER_DAY;

/** The value a column of `type` holds when a record leaves it out. */
export function emptyOf(type: string): KqlValue {
  return type === "string" ? "" : null;
}

/**
 * A row of `columns`, each holding its empty value, to copy (`{ ...emptyRow(columns) }`) and fill.
 * V8 turns an object built from `{}` by more than a dozen keyed stores into a dictionary object, as the
 * 28-column MCP table's rows were; a copy of this one keeps its fast shape, and filling it adds no
 * property. (Measured on the baseline replay: about 5%, within the noise of a single run.)
 */
export function emptyRow(columns: readonly Column[]): Row {
  return Object.fromEntries(columns.map((c) => [c.name, emptyOf(c.type)]));
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/*
 * Datetime texts and their ticks, both ways, for the last texts and ticks seen: the simulator runs one
 * query per evaluation, and a make-series axis or a time column carries the same instants into every
 * evaluation whose window covers them (a 2-day hourly series formats and re-parses each bin 48 times).
 * Bounded, so a long replay does not keep every instant it met.
 */
const MEMO_LIMIT = 65_536;
const parsed = new Map<string, bigint>();
const formatted = [new Map<bigint, string>(), new Map<bigint, string>()];

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Ticks since the Unix epoch of an ISO 8601 / Kusto datetime text, or undefined when it is not one. */
export function parseDatetime(text: string): bigint | undefined {
  let ticks = parsed.get(text);
  if (ticks === undefined) {
    ticks = parseDatetimeText(text);
    if (ticks !== undefined) remember(parsed, text, ticks);
  }
  return ticks;
}

function parseDatetimeText(text: string): bigint | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  if (date.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23) return undefined;
  let ticks = BigInt(date.getTime()) * TICKS_PER_MS + BigInt((frac + "0000000").slice(0, 7));
  if (zone && zone.toUpperCase() !== "Z") {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (zm) ticks -= (zm[1] === "-" ? -1n : 1n) * (BigInt(zm[2]) * TICKS_PER_HOUR + BigInt(zm[3]) * TICKS_PER_MINUTE);
  }
  return ticks;
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/**
 * ISO 8601 in UTC ending in Z. Columns: fractional seconds only when non-zero, as Log Analytics returns
 * them; inside dynamic values Kusto always writes all 7 digits ("2017-01-01T00:00:00.0000000Z", the
 * make-series page's output).
 */
export function formatDatetime(ticks: bigint, allDigits = false): string {
  const cache = formatted[allDigits ? 1 : 0];
  let text = cache.get(ticks);
  if (text === undefined) remember(cache, ticks, (text = formatTicks(ticks, allDigits)));
  return text;
}

function formatTicks(ticks: bigint, allDigits: boolean): string {
  const ms = floorDiv(ticks, TICKS_PER_MS);
  const frac = ticks - floorDiv(ticks, TICKS_PER_SECOND) * TICKS_PER_SECOND;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  const seven = frac.toString().padStart(7, "0");
  const digits = allDigits ? `.${seven}` : frac === 0n ? "" : `.${seven.replace(/0+$/, "")}`;
  return `${iso}${digits}Z`;
}

const SPAN_UNITS: Record<string, bigint> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10n, microseconds: 10n, micro: 10n, micros: 10n,
  tick: 1n, ticks: 1n,
};

/** Ticks of a Kusto timespan text (`5m`, `1.5h`, `1.02:03:04.5`, `00:30:00`), or undefined. */
export function parseTimespan(text: string): bigint | undefined {
  const t = text.trim();
  const unit = /^(-?)(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const per = SPAN_UNITS[unit[3].toLowerCase()];
    if (per === undefined) return undefined;
    const [whole, frac = ""] = unit[2].split(".");
    const ticks = BigInt(whole) * per + (frac ? (BigInt((frac + "0".repeat(18)).slice(0, 18)) * per) / 10n ** 18n : 0n);
    return unit[1] ? -ticks : ticks;
  }
  const clock = /^(-?)(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, sign, d = "0", h, mi, s = "0", frac = ""] = clock;
    const ticks = BigInt(d) * TICKS_PER_DAY + BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE + BigInt(s) * TICKS_PER_SECOND + BigInt((frac + "0000000").slice(0, 7));
    return sign ? -ticks : ticks;
  }
  if (/^-?\d+$/.test(t)) return BigInt(t) * TICKS_PER_DAY;
  return undefined;
}

/** Kusto's `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: bigint): string {
  const sign = ticks < 0n ? "-" : "";
  let rest = ticks < 0n ? -ticks : ticks;
  const days = rest / TICKS_PER_DAY;
  rest %= TICKS_PER_DAY;
  const two = (n: bigint) => n.toString().padStart(2, "0");
  const h = rest / TICKS_PER_HOUR;
  const mi = (rest % TICKS_PER_HOUR) / TICKS_PER_MINUTE;
  const s = (rest % TICKS_PER_MINUTE) / TICKS_PER_SECOND;
  const frac = rest % TICKS_PER_SECOND;
  return `${sign}${days > 0n ? `${days}.` : ""}${two(h)}:${two(mi)}:${two(s)}${frac > 0n ? `.${frac.toString().padStart(7, "0")}` : ""}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A JavaScript value as a dynamic: Dates become ISO strings, undefined becomes null. */
export function toDynamic(v: unknown): DynamicValue {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return formatDatetime(BigInt(v.getTime()) * TICKS_PER_MS, true);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toDynamic);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toDynamic(x)]));
  return String(v);
}

/** Why a raw value cannot be a `type`, or the converted value. */
export function fromRaw(v: unknown, type: string): { value: KqlValue } | { problem: string } {
  if (v === undefined || v === null || (v === "" && type !== "string" && type !== "dynamic")) return { value: emptyOf(type) };
  switch (type) {
    case "string":
    case "guid":
      return typeof v === "string" ? { value: v } : typeof v === "number" || typeof v === "boolean" ? { value: String(v) } : { problem: `${JSON.stringify(v)} is not a string` };
    case "int":
    case "long": {
      const n = typeof v === "string" ? Number(v.trim()) : v;
      return typeof n === "number" && Number.isInteger(n) ? { value: n } : { problem: `${JSON.stringify(v)} is not an integer` };
    }
    case "real": {
      const n = typeof v === "string" ? Number(v.trim()) : v;
      return typeof n === "number" && !Number.isNaN(n) ? { value: n } : { problem: `${JSON.stringify(v)} is not a number` };
    }
    case "bool":
      if (typeof v === "boolean") return { value: v };
      if (v === "true" || v === "True") return { value: true };
      if (v === "false" || v === "False") return { value: false };
      return { problem: `${JSON.stringify(v)} is not a boolean` };
    case "datetime": {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: "is an invalid Date" } : { value: BigInt(v.getTime()) * TICKS_PER_MS };
      const t = typeof v === "string" ? parseDatetime(v) : undefined;
      return t === undefined ? { problem: `${JSON.stringify(v)} is not an ISO 8601 datetime` } : { value: t };
    }
    case "timespan": {
      const t = typeof v === "string" ? parseTimespan(v) : undefined;
      return t === undefined ? { problem: `${JSON.stringify(v)} is not a timespan` } : { value: t };
    }
    case "dynamic":
      if (typeof v === "string") {
        try {
          return { value: toDynamic(JSON.parse(v)) };
        } catch {
          return { value: v };
        }
      }
      return { value: toDynamic(v) };
    default:
      return { problem: `type ${type} is not supported` };
  }
}

/** A value as Log Analytics' query API writes it in JSON. */
export function toOutput(v: KqlValue, type: string): unknown {
  if (v === null) return null;
  if (typeof v === "bigint") return type === "timespan" ? formatTimespan(v) : formatDatetime(v);
  return v;
}

/** Kusto's tostring(): "" for null, ISO for datetime, compact JSON for dynamic arrays and bags. */
export function kqlToString(v: KqlValue, type: string): string {
  if (v === null) return "";
  if (typeof v === "bigint") return type === "timespan" ? formatTimespan(v) : formatDatetime(v);
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return String(n);
}

/** A key that makes equal KQL values equal strings, for grouping and joins. */
export function keyOf(v: KqlValue): string {
  if (v === null) return "n";
  switch (typeof v) {
    case "string":
      return `s${v}`;
    case "number":
      return `d${v}`;
    case "bigint":
      return `t${v}`;
    case "boolean":
      return v ? "b1" : "b0";
    default:
      return `j${JSON.stringify(v)}`;
  }
}

/** Ordering for sort/top/min/max over values of one type; null is handled by the caller. */
export function compareValues(a: KqlValue, b: KqlValue): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
