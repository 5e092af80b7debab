import { asDynamic } from "./scalars";
import { compareValues, DynamicValue, KqlValue, keyOf, Row } from "./values";

export type Scalar = (row: Row) => KqlValue;

/** One aggregate of a summarize or make-series: a fresh state per group, fed rows, read once. */
export interface Aggregate {
  /** How many output columns it yields (percentiles and arg_max yield several). */
  width: number;
  create(): AggregateState;
}
export interface AggregateState {
  add(row: Row): void;
  /**
   * Takes in what `later` was fed, as if its rows had come after this state's, and answers whether the
   * result is exactly the one feeding those rows in order would give (summarize over chunks of rows
   * kept from run to run). `later` is read, never changed. False leaves this state unusable.
   */
  merge(later: AggregateState): boolean;
  result(): KqlValue[];
}

/** `later` as a state of the same kind as the one merging it: states of one aggregate are of one class. */
function sameKind<T>(later: AggregateState, kind: abstract new (...args: never[]) => T): T {
  if (!(later instanceof kind)) throw new Error(`a ${later.constructor.name} cannot be merged into a ${kind.name}`);
  return later;
}

/**
 * A double total is exact while every addend and partial sum is a safe integer (below 2^53): only then is
 * a chunk's total added at once the same as its values added one by one (floating-point addition is not
 * associative).
 */
const exactInteger = (x: number) => Number.isSafeInteger(x);

export interface AggregateArgs {
  args: Scalar[];
  argTypes: string[];
  /** Constant arguments (percentile ranks, set sizes), evaluated once. */
  constants: KqlValue[];
  width: number;
  resultType: string;
}

const MAX_SET = 1_048_576;
const isNull = (v: KqlValue) => v === null;

function numberArg(v: KqlValue, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}

/**
 * percentile(s): Kusto estimates with T-Digest; on small inputs its documented results are the nearest
 * rank (the smallest value with at least p percent of values at or below it), which is computed here exactly.
 */
export function nearestRank(sorted: number[] | bigint[], p: number): number | bigint | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

type Factory = (a: AggregateArgs) => Aggregate;

const one = (create: () => AggregateState): Aggregate => ({ width: 1, create });

/** make_set and make_list: values (array elements, for make_set) in the order first met, up to a limit. */
class Collected implements AggregateState {
  private readonly seen = new Set<string>();
  private readonly keys: string[] = [];
  private readonly out: DynamicValue[] = [];
  constructor(
    private readonly arg: Scalar,
    private readonly type: string,
    private readonly limit: number,
    private readonly unique: boolean,
  ) {}
  add(row: Row): void {
    if (this.out.length >= this.limit) return;
    const v = this.arg(row);
    // Nulls (and, for a string expression, the empty string Kusto stores for null) are not collected.
    if (v === null || (this.type === "string" && v === "")) return;
    // make_set takes the elements of an array value (the make_set page's Arr1 example).
    const items: KqlValue[] = this.unique && Array.isArray(v) ? v : [v];
    for (const item of items) {
      if (this.out.length >= this.limit) return;
      const k = this.unique ? keyOf(item) : "";
      if (this.unique && this.seen.has(k)) continue;
      this.push(k, asDynamic(item, this.type));
    }
  }
  private push(k: string, v: DynamicValue): void {
    if (this.unique) {
      this.seen.add(k);
      this.keys.push(k);
    }
    this.out.push(v);
  }
  merge(later: AggregateState): boolean {
    // A later chunk's own list holds its first `limit` values; those not already here are, in order, the
    // ones feeding its rows here would add before the limit.
    const o = sameKind(later, Collected);
    for (let i = 0; i < o.out.length && this.out.length < this.limit; i++) {
      if (this.unique && this.seen.has(o.keys[i])) continue;
      this.push(this.unique ? o.keys[i] : "", o.out[i]);
    }
    return true;
  }
  result(): KqlValue[] {
    return [this.out];
  }
}

function collect(a: AggregateArgs, unique: boolean): Aggregate {
  const limit = Math.min(MAX_SET, numberArg(a.constants[1], MAX_SET));
  return one(() => new Collected(a.args[0], a.argTypes[0], limit, unique));
}

/** min and max; the first of equal values wins. */
class Extreme implements AggregateState {
  best: KqlValue = null;
  constructor(
    private readonly arg: Scalar,
    private readonly type: string,
    private readonly sign: 1 | -1,
  ) {}
  add(row: Row): void {
    this.offer(this.arg(row));
  }
  private offer(v: KqlValue): void {
    if (v === null || (this.type === "string" && v === "")) return;
    if (this.best === null || compareValues(v, this.best) * this.sign > 0) this.best = v;
  }
  merge(later: AggregateState): boolean {
    this.offer(sameKind(later, Extreme).best);
    return true;
  }
  result(): KqlValue[] {
    return [this.type === "string" && this.best === null ? "" : this.best];
  }
}

const extreme = (a: AggregateArgs, sign: 1 | -1): Aggregate => one(() => new Extreme(a.args[0], a.argTypes[0], sign));

/** arg_max and arg_min: the row with the first greatest (least) value. */
class ArgExtreme implements AggregateState {
  private best: KqlValue = null;
  private bestRow: Row | undefined;
  // When every value is null, the documented result is the group's first row (arg_max's Banana example).
  private firstRow: Row | undefined;
  constructor(
    private readonly by: Scalar,
    private readonly rest: Scalar[],
    private readonly sign: 1 | -1,
  ) {}
  add(row: Row): void {
    this.firstRow ??= row;
    this.offer(this.by(row), row);
  }
  private offer(v: KqlValue, row: Row | undefined): void {
    if (v === null) return;
    if (this.best === null || compareValues(v, this.best) * this.sign > 0) {
      this.best = v;
      this.bestRow = row;
    }
  }
  merge(later: AggregateState): boolean {
    const o = sameKind(later, ArgExtreme);
    this.firstRow ??= o.firstRow;
    this.offer(o.best, o.bestRow);
    return true;
  }
  result(): KqlValue[] {
    const row = this.bestRow ?? this.firstRow;
    return row === undefined ? [null, ...this.rest.map(() => null)] : [this.best, ...this.rest.map((f) => f(row))];
  }
}

function argExtreme(a: AggregateArgs, sign: 1 | -1): Aggregate {
  const [by, ...rest] = a.args;
  return { width: a.width, create: () => new ArgExtreme(by, rest, sign) };
}

/** An aggregate of one argument, over the rows its predicate (the -if forms) accepts. */
abstract class OfArgument implements AggregateState {
  constructor(
    private readonly arg: Scalar,
    private readonly predicate?: Scalar,
  ) {}
  /** The row's argument, or undefined for a row the predicate refuses. */
  protected argumentOf(row: Row): KqlValue | undefined {
    return this.predicate && this.predicate(row) !== true ? undefined : this.arg(row);
  }
  abstract add(row: Row): void;
  abstract merge(later: AggregateState): boolean;
  abstract result(): KqlValue[];
}

/** sum and sumif: a double total, or a long one once a long value comes. */
class Sum extends OfArgument {
  private total = 0;
  private big = 0n;
  private isBig = false;
  private exact = true;
  add(row: Row): void {
    const v = this.argumentOf(row);
    if (typeof v === "number") {
      this.total += v;
      this.exact &&= exactInteger(v) && exactInteger(this.total);
    } else if (typeof v === "bigint") {
      this.big += v;
      this.isBig = true;
    }
  }
  merge(later: AggregateState): boolean {
    const o = sameKind(later, Sum);
    this.total += o.total;
    this.big += o.big;
    this.isBig ||= o.isBig;
    this.exact &&= o.exact && exactInteger(this.total);
    return this.exact;
  }
  result(): KqlValue[] {
    return [this.isBig ? this.big : this.total];
  }
}

const sumOf = (a: AggregateArgs, predicate?: Scalar): Aggregate => one(() => new Sum(a.args[0], predicate));

class Count implements AggregateState {
  private n = 0;
  constructor(private readonly predicate?: Scalar) {}
  add(row: Row): void {
    if (!this.predicate || this.predicate(row) === true) this.n++;
  }
  merge(later: AggregateState): boolean {
    this.n += sameKind(later, Count).n;
    return true;
  }
  result(): KqlValue[] {
    return [this.n];
  }
}

// Exact: Kusto's dcount is a HyperLogLog estimate (documented error about 1% at the default accuracy).
class DistinctCount extends OfArgument {
  private readonly seen = new Set<string>();
  add(row: Row): void {
    const v = this.argumentOf(row);
    if (v !== undefined && !isNull(v)) this.seen.add(keyOf(v));
  }
  merge(later: AggregateState): boolean {
    for (const k of sameKind(later, DistinctCount).seen) this.seen.add(k);
    return true;
  }
  result(): KqlValue[] {
    return [this.seen.size];
  }
}

class Average implements AggregateState {
  private total = 0;
  private n = 0;
  private exact = true;
  constructor(private readonly arg: Scalar) {}
  add(row: Row): void {
    const v = this.arg(row);
    if (typeof v !== "number") return;
    this.total += v;
    this.n++;
    this.exact &&= exactInteger(v) && exactInteger(this.total);
  }
  merge(later: AggregateState): boolean {
    const o = sameKind(later, Average);
    this.total += o.total;
    this.n += o.n;
    this.exact &&= o.exact && exactInteger(this.total);
    return this.exact;
  }
  // Over no values avg is 0/0: the summarize page documents NaN for an empty input.
  result(): KqlValue[] {
    return [this.total / this.n];
  }
}

/** take_any: the first row whose values are all non-empty. */
class TakeAny implements AggregateState {
  private taken: KqlValue[] | undefined;
  constructor(
    private readonly args: Scalar[],
    private readonly types: string[],
  ) {}
  add(row: Row): void {
    if (this.taken !== undefined) return;
    const values = this.args.map((f) => f(row));
    if (values.every((v) => v !== null && v !== "")) this.taken = values;
  }
  merge(later: AggregateState): boolean {
    this.taken ??= sameKind(later, TakeAny).taken;
    return true;
  }
  result(): KqlValue[] {
    return this.taken ?? this.args.map((_, i) => (this.types[i] === "string" ? "" : null));
  }
}

/** The values themselves, in order, for variance and percentiles. */
class Values<T extends number | bigint> implements AggregateState {
  readonly xs: T[] = [];
  constructor(
    private readonly arg: Scalar,
    private readonly accept: (v: KqlValue) => v is T,
    private readonly finish: (xs: T[]) => KqlValue[],
  ) {}
  add(row: Row): void {
    const v = this.arg(row);
    if (this.accept(v)) this.xs.push(v);
  }
  merge(later: AggregateState): boolean {
    for (const x of sameKind(later, Values<T>).xs) this.xs.push(x);
    return true;
  }
  result(): KqlValue[] {
    return this.finish(this.xs);
  }
}

const isNumber = (v: KqlValue): v is number => typeof v === "number";
const isNumeric = (v: KqlValue): v is number | bigint => typeof v === "number" || typeof v === "bigint";

const FACTORIES: Record<string, Factory> = {
  count: () => one(() => new Count()),
  countif: (a) => one(() => new Count(a.args[0])),
  dcount: (a) => one(() => new DistinctCount(a.args[0])),
  dcountif: (a) => one(() => new DistinctCount(a.args[0], a.args[1])),
  make_set: (a) => collect(a, true),
  make_list: (a) => collect(a, false),
  min: (a) => extreme(a, -1),
  max: (a) => extreme(a, 1),
  sum: (a) => sumOf(a),
  sumif: (a) => sumOf(a, a.args[1]),
  avg: (a) => one(() => new Average(a.args[0])),
  take_any: (a) => ({ width: a.width, create: () => new TakeAny(a.args, a.argTypes) }),
  arg_max: (a) => argExtreme(a, 1),
  arg_min: (a) => argExtreme(a, -1),
  percentile: (a) => percentiles(a, [numberArg(a.constants[1], 50)]),
  percentiles: (a) => percentiles(a, a.constants.slice(1).map((c) => numberArg(c, 50))),
  stdev: (a) => variance(a, true, true),
  variance: (a) => variance(a, false, true),
};
FACTORIES.any = FACTORIES.take_any;
FACTORIES.dcount_distinct = FACTORIES.dcount;

function variance(a: AggregateArgs, root: boolean, sample: boolean): Aggregate {
  return one(
    () =>
      new Values(a.args[0], isNumber, (xs) => {
        if (xs.length < 2) return [0];
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - (sample ? 1 : 0));
        return [root ? Math.sqrt(v) : v];
      }),
  );
}

function percentiles(a: AggregateArgs, ranks: number[]): Aggregate {
  return {
    width: ranks.length,
    create: () =>
      new Values(a.args[0], isNumeric, (xs) => {
        const sorted = xs.every((x) => typeof x === "number") ? xs.filter((x): x is number => typeof x === "number").sort((p, q) => p - q) : xs.filter((x): x is bigint => typeof x === "bigint").sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
        return ranks.map((r) => nearestRank(sorted, r));
      }),
  };
}

export function aggregateFactory(name: string): Factory | undefined {
  return Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
}

