import { DynamicValue, EPOCH_TICKS, floorDiv, formatDatetime, KqlValue, kqlToString, parseDatetime, parseTimespan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, toDynamic } from "./values";
import { seriesDecompose, seriesDecomposeAnomalies, seriesFitLine, seriesOutliers } from "./series";

/** What a call knows statically: its arguments' and result's KQL types, and the query's now(). */
export interface CallInfo {
  argTypes: string[];
  resultType: string;
  now: bigint;
}
export type ScalarImpl = (args: KqlValue[], info: CallInfo) => KqlValue;

const isNumber = (v: KqlValue): v is number => typeof v === "number";

/** Kusto's round(): half away from zero (https://learn.microsoft.com/kusto/query/round-function). */
export function kqlRound(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const scaled = Math.round(Number(`${Math.abs(x)}e${digits}`));
  return sign * Number(`${scaled}e${-digits}`) || 0;
}

/** bin()/floor(): round down to a multiple of the size; datetimes align to 0001-01-01 as Kusto's ticks do. */
export function kqlBin(value: KqlValue, size: KqlValue, type: string): KqlValue {
  if (value === null || size === null) return null;
  if (typeof value === "bigint") {
    const step = typeof size === "bigint" ? size : BigInt(Math.trunc(Number(size)));
    if (step <= 0n) return null;
    if (type === "timespan") return floorDiv(value, step) * step;
    return floorDiv(value + EPOCH_TICKS, step) * step - EPOCH_TICKS;
  }
  if (isNumber(value)) {
    const step = typeof size === "bigint" ? Number(size) : Number(size);
    if (!(step > 0)) return null;
    const r = Math.floor(value / step) * step;
    return type === "int" || type === "long" ? Math.trunc(r) : r;
  }
  return null;
}

function toNumber(v: KqlValue): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return null;
    const n = Number(t);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

function toInteger(v: KqlValue): number | null {
  const n = toNumber(v);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

export function toDatetime(v: KqlValue): bigint | null {
  if (v === null) return null;
  if (typeof v === "bigint") return v;
  if (typeof v === "string") return parseDatetime(v) ?? null;
  return null;
}

function toTimespan(v: KqlValue): bigint | null {
  if (v === null) return null;
  if (typeof v === "bigint") return v;
  if (typeof v === "string") return parseTimespan(v) ?? null;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  return null;
}

function toBool(v: KqlValue): boolean | null {
  if (v === null) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    return t === "true" ? true : t === "false" ? false : null;
  }
  return null;
}

/** A value as dynamic (what dynamic arrays and pack_array hold). */
export function asDynamic(v: KqlValue, type: string): DynamicValue {
  if (typeof v === "bigint") return type === "timespan" ? kqlToString(v, type) : formatDatetime(v, true);
  return toDynamic(v);
}

function isEmpty(v: KqlValue): boolean {
  return v === null || v === "";
}

const DATE_PARTS: Record<string, bigint> = {
  day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS, microsecond: 10n, nanosecond: 1n,
};

function calendar(ticks: bigint): { year: number; month: number } {
  const d = new Date(Number(floorDiv(ticks, TICKS_PER_MS)));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

/**
 * datetime_diff(): how many part boundaries lie between the two datetimes, counted on the calendar
 * (https://learn.microsoft.com/kusto/query/datetime-diff-function). Weeks start on Sunday.
 */
function datetimeDiff(part: string, a: bigint, b: bigint): number {
  const p = part.toLowerCase();
  const fixed = DATE_PARTS[p];
  if (fixed !== undefined) {
    // nanosecond: Kusto counts 100-ns ticks in nanoseconds.
    const scale = p === "nanosecond" ? 100 : 1;
    return Number(floorDiv(a + EPOCH_TICKS, fixed) - floorDiv(b + EPOCH_TICKS, fixed)) * scale;
  }
  const ca = calendar(a);
  const cb = calendar(b);
  if (p === "year") return ca.year - cb.year;
  if (p === "quarter") return ca.year * 4 + Math.floor(ca.month / 3) - (cb.year * 4 + Math.floor(cb.month / 3));
  if (p === "month") return ca.year * 12 + ca.month - (cb.year * 12 + cb.month);
  if (p === "week") {
    // 1970-01-04 was a Sunday.
    const sunday = 3n * TICKS_PER_DAY;
    const week = 7n * TICKS_PER_DAY;
    return Number(floorDiv(a - sunday, week) - floorDiv(b - sunday, week));
  }
  throw new RangeError(`datetime_diff: unknown part ${JSON.stringify(part)}`);
}

function dynamicIndex(container: KqlValue, index: KqlValue): DynamicValue {
  if (container === null || typeof container !== "object" || index === null) return null;
  if (Array.isArray(container)) {
    const i = toInteger(index);
    if (i === null) return null;
    const at = i < 0 ? container.length + i : i;
    return container[at] ?? null;
  }
  if (typeof container === "object") {
    const key = String(index);
    return Object.hasOwn(container, key) ? container[key] : null;
  }
  return null;
}
export { dynamicIndex };

/** Plain JavaScript values of a dynamic array, for the series functions. */
function numbersOf(v: KqlValue): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => (typeof x === "number" ? x : typeof x === "boolean" ? Number(x) : null));
}

function strcat(args: KqlValue[], types: string[]): string {
  return args.map((a, i) => kqlToString(a, types[i])).join("");
}

function startOf(ticks: bigint | null, unit: bigint, offset: KqlValue): bigint | null {
  if (ticks === null) return null;
  const start = floorDiv(ticks + EPOCH_TICKS, unit) * unit - EPOCH_TICKS;
  return start + unit * BigInt(toInteger(offset ?? 0) ?? 0);
}

function startOfMonth(ticks: bigint | null, offset: KqlValue, months: number): bigint | null {
  if (ticks === null) return null;
  const d = new Date(Number(floorDiv(ticks, TICKS_PER_MS)));
  const n = toInteger(offset ?? 0) ?? 0;
  const month = months === 12 ? 0 : d.getUTCMonth();
  const date = new Date(0);
  date.setUTCFullYear(d.getUTCFullYear() + (months === 12 ? n : 0), month + (months === 12 ? 0 : n), 1);
  return BigInt(date.getTime()) * TICKS_PER_MS;
}

function typeOfResult(info: CallInfo): string {
  return info.resultType;
}

export const SCALAR_FUNCTIONS: Record<string, ScalarImpl> = {
  now: ([offset], info) => info.now + (toTimespan(offset ?? null) ?? 0n),
  ago: ([span], info) => (span === null ? null : info.now - (toTimespan(span) ?? 0n)),
  bin: ([v, size], info) => kqlBin(v, size, info.argTypes[0]),
  floor: ([v, size], info) => kqlBin(v, size, info.argTypes[0]),
  bin_at: ([v, size, at], info) => {
    if (v === null || size === null || at === null) return null;
    if (typeof v === "bigint" && typeof at === "bigint" && typeof size === "bigint") return floorDiv(v - at, size) * size + at;
    if (typeof v === "number" && typeof at === "number" && typeof size === "number") return Math.floor((v - at) / size) * size + at;
    return kqlBin(v, size, info.argTypes[0]);
  },
  datetime_diff: ([part, a, b]) => (a === null || b === null || typeof a !== "bigint" || typeof b !== "bigint" ? null : datetimeDiff(String(part), a, b)),
  datetime_add: ([part, amount, dt]) => {
    if (typeof dt !== "bigint" || amount === null) return null;
    const n = toInteger(amount) ?? 0;
    const p = String(part).toLowerCase();
    if (DATE_PARTS[p] !== undefined) return dt + DATE_PARTS[p] * BigInt(n) / (p === "nanosecond" ? 100n : 1n);
    if (p === "week") return dt + 7n * TICKS_PER_DAY * BigInt(n);
    const months = p === "year" ? 12 * n : p === "quarter" ? 3 * n : p === "month" ? n : undefined;
    if (months === undefined) return null;
    const ms = Number(floorDiv(dt, TICKS_PER_MS));
    const d = new Date(ms);
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return BigInt(d.getTime()) * TICKS_PER_MS + (dt - BigInt(ms) * TICKS_PER_MS);
  },
  startofday: ([dt, offset]) => startOf(toDatetime(dt), TICKS_PER_DAY, offset ?? 0),
  startofweek: ([dt, offset]) => {
    const t = toDatetime(dt);
    if (t === null) return null;
    const sunday = 3n * TICKS_PER_DAY;
    const week = 7n * TICKS_PER_DAY;
    return floorDiv(t - sunday, week) * week + sunday + week * BigInt(toInteger(offset ?? 0) ?? 0);
  },
  startofmonth: ([dt, offset]) => startOfMonth(toDatetime(dt), offset ?? 0, 1),
  startofyear: ([dt, offset]) => startOfMonth(toDatetime(dt), offset ?? 0, 12),
  dayofweek: ([dt]) => (typeof dt === "bigint" ? (floorDiv(dt - 3n * TICKS_PER_DAY, TICKS_PER_DAY) % 7n + 7n) % 7n * TICKS_PER_DAY : null),
  hourofday: ([dt]) => (typeof dt === "bigint" ? Number(((dt % TICKS_PER_DAY) + TICKS_PER_DAY) % TICKS_PER_DAY / TICKS_PER_HOUR) : null),
  getyear: ([dt]) => (typeof dt === "bigint" ? calendar(dt).year : null),
  getmonth: ([dt]) => (typeof dt === "bigint" ? calendar(dt).month + 1 : null),
  monthofyear: ([dt]) => (typeof dt === "bigint" ? calendar(dt).month + 1 : null),
  dayofmonth: ([dt]) => (typeof dt === "bigint" ? new Date(Number(floorDiv(dt, TICKS_PER_MS))).getUTCDate() : null),
  unixtime_seconds_todatetime: ([s]) => (isNumber(s) ? BigInt(Math.round(s * 1e7)) : null),
  unixtime_milliseconds_todatetime: ([s]) => (isNumber(s) ? BigInt(Math.round(s * 1e4)) : null),
  todatetime: ([v]) => toDatetime(v),
  totimespan: ([v]) => toTimespan(v),
  totime: ([v]) => toTimespan(v),
  tostring: ([v], info) => kqlToString(v, info.argTypes[0]),
  toint: ([v]) => toInteger(v),
  tolong: ([v]) => toInteger(v),
  toreal: ([v]) => toNumber(v),
  todouble: ([v]) => toNumber(v),
  tobool: ([v]) => toBool(v),
  toboolean: ([v]) => toBool(v),
  todynamic: ([v], info) => (typeof v === "string" ? parseJson(v) : asDynamic(v, info.argTypes[0])),
  parse_json: ([v], info) => (typeof v === "string" ? parseJson(v) : asDynamic(v, info.argTypes[0])),
  parsejson: ([v], info) => (typeof v === "string" ? parseJson(v) : asDynamic(v, info.argTypes[0])),
  tolower: ([v], info) => kqlToString(v, info.argTypes[0]).toLowerCase(),
  toupper: ([v], info) => kqlToString(v, info.argTypes[0]).toUpperCase(),
  strlen: ([v]) => [...String(v ?? "")].length,
  strcat: (args, info) => strcat(args, info.argTypes),
  strcat_delim: ([d, ...rest], info) => rest.map((a, i) => kqlToString(a, info.argTypes[i + 1])).join(String(d)),
  substring: ([s, start, length], info) => {
    const text = [...kqlToString(s, info.argTypes[0])];
    const from = Math.max(0, toInteger(start) ?? 0);
    const len = length === undefined || length === null ? text.length : Math.max(0, toInteger(length) ?? 0);
    return text.slice(from, from + len).join("");
  },
  split: ([s, delim, index], info) => {
    const parts = kqlToString(s, info.argTypes[0]).split(String(delim));
    if (index === undefined) return parts;
    const i = toInteger(index);
    return i === null || i < 0 || i >= parts.length ? [] : [parts[i]];
  },
  replace_string: ([s, find, by]) => String(s).split(String(find)).join(String(by)),
  indexof: ([s, find, start, length, occurrence], info) => {
    const text = kqlToString(s, info.argTypes[0]);
    const lookup = kqlToString(find, info.argTypes[1]);
    let from = toInteger(start ?? 0) ?? 0;
    if (from < 0) from = Math.max(0, text.length + from);
    const len = toInteger(length ?? -1) ?? -1;
    // A match may end one past start + length: every example of the indexof page holds with this bound.
    const end = len < 0 ? text.length : Math.min(text.length, from + len + 1);
    let nth = toInteger(occurrence ?? 1) ?? 1;
    for (let at = text.indexOf(lookup, from); at >= 0 && at + lookup.length <= end; at = text.indexOf(lookup, at + 1)) if (--nth === 0) return at;
    return -1;
  },
  make_datetime: ([y, mo, d, h, mi, sec]) => {
    if ([y, mo, d].some((v) => v === null || v === undefined)) return null;
    const date = new Date(0);
    date.setUTCFullYear(toInteger(y) ?? 0, (toInteger(mo) ?? 1) - 1, toInteger(d) ?? 1);
    date.setUTCHours(toInteger(h ?? 0) ?? 0, toInteger(mi ?? 0) ?? 0, 0, 0);
    return BigInt(date.getTime()) * TICKS_PER_MS + BigInt(Math.round((toNumber(sec ?? 0) ?? 0) * 1e7));
  },
  trim: ([re, s]) => String(s).replace(new RegExp(`^(?:${String(re)})+|(?:${String(re)})+$`, "g"), ""),
  extract: ([re, group, s, type], info) => {
    const m = new RegExp(String(re)).exec(kqlToString(s, info.argTypes[2]));
    const text = m ? m[toInteger(group) ?? 0] ?? "" : "";
    if (type === undefined || type === "string") return text;
    if (text === "") return null;
    return type === "int" || type === "long" ? toInteger(text) : type === "real" ? toNumber(text) : type === "datetime" ? toDatetime(text) : type === "timespan" ? toTimespan(text) : type === "bool" ? toBool(text) : text;
  },
  isempty: ([v]) => isEmpty(v),
  isnotempty: ([v]) => !isEmpty(v),
  isnull: ([v]) => v === null,
  isnotnull: ([v]) => v !== null,
  isnan: ([v]) => isNumber(v) && Number.isNaN(v),
  not: ([v]) => (v === null ? null : !v),
  iif: ([c, a, b]) => (c === true ? a : b),
  iff: ([c, a, b]) => (c === true ? a : b),
  case: (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1];
    return args[args.length - 1];
  },
  coalesce: (args) => args.find((a) => !isEmpty(a)) ?? args[args.length - 1] ?? null,
  round: ([x, digits]) => (isNumber(x) ? kqlRound(x, toInteger(digits ?? 0) ?? 0) : null),
  abs: ([x]) => (isNumber(x) ? Math.abs(x) : typeof x === "bigint" ? (x < 0n ? -x : x) : null),
  sqrt: ([x]) => (isNumber(x) ? Math.sqrt(x) : null),
  exp: ([x]) => (isNumber(x) ? Math.exp(x) : null),
  log: ([x]) => (isNumber(x) ? Math.log(x) : null),
  log10: ([x]) => (isNumber(x) ? Math.log10(x) : null),
  pow: ([x, y]) => (isNumber(x) && isNumber(y) ? Math.pow(x, y) : null),
  min_of: (args) => (args.some((a) => a === null) ? args.filter((a) => a !== null).reduce<KqlValue>((m, a) => (m === null || (a !== null && a < m) ? a : m), null) : args.reduce((m, a) => (a !== null && m !== null && a < m ? a : m))),
  max_of: (args) => (args.some((a) => a === null) ? args.filter((a) => a !== null).reduce<KqlValue>((m, a) => (m === null || (a !== null && a > m) ? a : m), null) : args.reduce((m, a) => (a !== null && m !== null && a > m ? a : m))),
  range: ([start, stop, step], info) => {
    if (start === null || stop === null) return null;
    const out: DynamicValue[] = [];
    if (typeof start === "bigint" && typeof stop === "bigint") {
      const by = typeof step === "bigint" ? step : TICKS_PER_HOUR;
      if (by <= 0n) return null;
      for (let t = start; t <= stop && out.length < 1_048_576; t += by) out.push(asDynamic(t, info.argTypes[0]));
      return out;
    }
    const a = toNumber(start);
    const b = toNumber(stop);
    const by = step === undefined ? 1 : toNumber(step);
    if (a === null || b === null || by === null || by === 0) return null;
    for (let i = 0, x = a; (by > 0 ? x <= b : x >= b) && out.length < 1_048_576; i++, x = a + i * by) out.push(x);
    return out;
  },
  array_length: ([v]) => (Array.isArray(v) ? v.length : null),
  pack_array: (args, info) => args.map((a, i) => asDynamic(a, info.argTypes[i])),
  bag_pack: (args, info) => {
    const bag: Record<string, DynamicValue> = {};
    for (let i = 0; i + 1 < args.length; i += 2) bag[kqlToString(args[i], info.argTypes[i])] = asDynamic(args[i + 1], info.argTypes[i + 1]);
    return bag;
  },
  bag_keys: ([v]) => (v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : null),
  gettype: ([v], info) => dynamicTypeName(v, info.argTypes[0]),
  series_decompose_anomalies: ([series, threshold, seasonality, trend, testPoints, method, seasonalityThreshold]) => {
    const values = numbersOf(series);
    if (values === null) return null;
    const r = seriesDecomposeAnomalies(values, { threshold: optNumber(threshold), seasonality: optNumber(seasonality), trend: optString(trend), testPoints: optNumber(testPoints), method: optString(method), seasonalityThreshold: optNumber(seasonalityThreshold) });
    return [r.anomalies, r.scores, r.baseline];
  },
  series_decompose: ([series, seasonality, trend, testPoints, seasonalityThreshold]) => {
    const values = numbersOf(series);
    if (values === null) return null;
    const r = seriesDecompose(values, { seasonality: optNumber(seasonality), trend: optString(trend), testPoints: optNumber(testPoints), seasonalityThreshold: optNumber(seasonalityThreshold) });
    return [r.baseline, r.seasonal, r.trend, r.residual];
  },
  series_outliers: ([series, kind, ignore, minP, maxP]) => {
    const values = numbersOf(series);
    if (values === null) return null;
    return seriesOutliers(values, { kind: optString(kind), ignoreValue: optNumber(ignore), minPercentile: optNumber(minP), maxPercentile: optNumber(maxP) });
  },
  series_fit_line: ([series]) => {
    const values = numbersOf(series);
    if (values === null) return null;
    const r = seriesFitLine(values);
    return [r.rsquare, r.slope, r.variance, r.rvariance, r.interception, r.lineFit];
  },
};

const optNumber = (v: KqlValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);
const optString = (v: KqlValue | undefined): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function parseJson(text: string): DynamicValue {
  // parse_json("") is null (the isnull page's table).
  if (text.trim() === "") return null;
  try {
    return toDynamic(JSON.parse(text));
  } catch {
    return text;
  }
}

function dynamicTypeName(v: KqlValue, type: string): string {
  if (type !== "dynamic") return type;
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "dictionary";
  if (typeof v === "number") return Number.isInteger(v) ? "long" : "real";
  return typeof v === "boolean" ? "bool" : "string";
}

export { toNumber, toInteger, toTimespan, toBool, typeOfResult };
