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
  result(): KqlValue[];
}

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

function collect(a: AggregateArgs, unique: boolean): Aggregate {
  const [arg] = a.args;
  const limit = Math.min(MAX_SET, numberArg(a.constants[1], MAX_SET));
  const type = a.argTypes[0];
  return one(() => {
    const seen = new Set<string>();
    const out: DynamicValue[] = [];
    return {
      add(row) {
        if (out.length >= limit) return;
        const v = arg(row);
        // Nulls (and, for a string expression, the empty string Kusto stores for null) are not collected.
        if (v === null || (type === "string" && v === "")) return;
        // make_set takes the elements of an array value (the make_set page's Arr1 example).
        const items: KqlValue[] = unique && Array.isArray(v) ? v : [v];
        for (const item of items) {
          if (out.length >= limit) return;
          if (unique) {
            const k = keyOf(item);
            if (seen.has(k)) continue;
            seen.add(k);
          }
          out.push(asDynamic(item, type));
        }
      },
      result: () => [out],
    };
  });
}

function extreme(a: AggregateArgs, sign: 1 | -1): Aggregate {
  const [arg] = a.args;
  const type = a.argTypes[0];
  return one(() => {
    let best: KqlValue = null;
    return {
      add(row) {
        const v = arg(row);
        if (v === null || (type === "string" && v === "")) return;
        if (best === null || compareValues(v, best) * sign > 0) best = v;
      },
      result: () => [type === "string" && best === null ? "" : best],
    };
  });
}

function argExtreme(a: AggregateArgs, sign: 1 | -1): Aggregate {
  const [by, ...rest] = a.args;
  return {
    width: a.width,
    create() {
      let best: KqlValue = null;
      let bestRow: Row | undefined;
      // When every value is null, the documented result is the group's first row (arg_max's Banana example).
      let firstRow: Row | undefined;
      return {
        add(row) {
          firstRow ??= row;
          const v = by(row);
          if (v === null) return;
          if (best === null || compareValues(v, best) * sign > 0) {
            best = v;
            bestRow = row;
          }
        },
        result: () => {
          const row = bestRow ?? firstRow;
          return row === undefined ? [null, ...rest.map(() => null)] : [best, ...rest.map((f) => f(row))];
        },
      };
    },
  };
}

function sumOf(a: AggregateArgs, predicate?: Scalar): Aggregate {
  const [arg] = a.args;
  return one(() => {
    let total = 0;
    let big = 0n;
    let isBig = false;
    return {
      add(row) {
        if (predicate && predicate(row) !== true) return;
        const v = arg(row);
        if (typeof v === "number") total += v;
        else if (typeof v === "bigint") {
          big += v;
          isBig = true;
        }
      },
      result: () => [isBig ? big : total],
    };
  });
}

const FACTORIES: Record<string, Factory> = {
  count: () => one(() => {
    let n = 0;
    return { add: () => void n++, result: () => [n] };
  }),
  countif: (a) => one(() => {
    let n = 0;
    const [p] = a.args;
    return { add: (row) => void (p(row) === true && n++), result: () => [n] };
  }),
  // Exact: Kusto's dcount is a HyperLogLog estimate (documented error about 1% at the default accuracy).
  dcount: (a) => one(() => {
    const seen = new Set<string>();
    const [arg] = a.args;
    return {
      add(row) {
        const v = arg(row);
        if (!isNull(v)) seen.add(keyOf(v));
      },
      result: () => [seen.size],
    };
  }),
  dcountif: (a) => one(() => {
    const seen = new Set<string>();
    const [arg, p] = a.args;
    return {
      add(row) {
        if (p(row) !== true) return;
        const v = arg(row);
        if (!isNull(v)) seen.add(keyOf(v));
      },
      result: () => [seen.size],
    };
  }),
  make_set: (a) => collect(a, true),
  make_list: (a) => collect(a, false),
  min: (a) => extreme(a, -1),
  max: (a) => extreme(a, 1),
  sum: (a) => sumOf(a),
  sumif: (a) => sumOf(a, a.args[1]),
  avg: (a) => one(() => {
    let total = 0;
    let n = 0;
    const [arg] = a.args;
    return {
      add(row) {
        const v = arg(row);
        if (typeof v === "number") {
          total += v;
          n++;
        }
      },
      // Over no values avg is 0/0: the summarize page documents NaN for an empty input.
      result: () => [total / n],
    };
  }),
  take_any: (a) => ({
    width: a.width,
    create() {
      let taken: KqlValue[] | undefined;
      return {
        add(row) {
          if (taken !== undefined) return;
          const values = a.args.map((f) => f(row));
          if (values.every((v) => v !== null && v !== "")) taken = values;
        },
        result: () => taken ?? a.args.map((_, i) => (a.argTypes[i] === "string" ? "" : null)),
      };
    },
  }),
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
  const [arg] = a.args;
  return one(() => {
    const xs: number[] = [];
    return {
      add(row) {
        const v = arg(row);
        if (typeof v === "number") xs.push(v);
      },
      result() {
        if (xs.length < 2) return [0];
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - (sample ? 1 : 0));
        return [root ? Math.sqrt(v) : v];
      },
    };
  });
}

function percentiles(a: AggregateArgs, ranks: number[]): Aggregate {
  const [arg] = a.args;
  return {
    width: ranks.length,
    create() {
      const xs: (number | bigint)[] = [];
      return {
        add(row) {
          const v = arg(row);
          if (typeof v === "number" || typeof v === "bigint") xs.push(v);
        },
        result() {
          const sorted = xs.every((x) => typeof x === "number") ? xs.filter((x): x is number => typeof x === "number").sort((p, q) => p - q) : xs.filter((x): x is bigint => typeof x === "bigint").sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
          return ranks.map((r) => nearestRank(sorted, r));
        },
      };
    },
  };
}

export function aggregateFactory(name: string): Factory | undefined {
  return Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
}

