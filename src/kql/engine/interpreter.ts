/// <reference types="@kusto/language-service-next" />
import { kindName, kusto, lineCol } from "../kusto";
import { Aggregate, aggregateFactory, AggregateState, Scalar } from "./aggregates";
import { KqlUnsupportedError } from "./errors";
import { STRING_OPERATORS } from "./strings";
import { TupleMap } from "./tupleMap";
import { asDynamic, CallInfo, dynamicIndex, SCALAR_FUNCTIONS, toDatetime, toInteger, toNumber, toTimespan } from "./scalars";
import { Column, compareValues, DynamicValue, emptyOf, emptyRow, EPOCH_TICKS, floorDiv, fromRaw, KqlValue, keyOf, kqlToString, parseDatetime, parseTimespan, Row, Table } from "./values";

type Syn = typeof Kusto.Language.Syntax;
type Node = Kusto.Language.Syntax.SyntaxNode;
type Expr = Kusto.Language.Syntax.Expression;
type Sym = Kusto.Language.Symbols.Symbol;
type List<T> = Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<T>> | null;

function elements<T>(list: List<T>): T[] {
  const out: T[] = [];
  if (list) for (let i = 0; i < list.Count; i++) {
    const e = list.getItem$1(i).Element$1;
    if (e !== null) out.push(e);
  }
  return out;
}

function plain<T>(list: Kusto.Language.Syntax.SyntaxList$1<T> | null): T[] {
  const out: T[] = [];
  if (list) for (let i = 0; i < list.Count; i++) out.push(list.getItem$1(i));
  return out;
}

/** A let binding: a scalar value, or a table computed on first use. */
type Binding = { scalar: KqlValue } | { table: () => Table };

export interface InterpreterContext {
  /** The analysed text (parameter prefix + query) and the prefix's length, for locating errors in the query. */
  text: string;
  prefixLength: number;
  now: bigint;
  /** Rows of a workspace table by name (typed, filtered to the time range). */
  table(name: string): Table;
  /** Parameter values by name, bound to the prefix's `let` statements. */
  parameters: Map<string, KqlValue>;
}

const AGG_PREFIX = "\u0000agg";

/** Scalar functions whose result depends only on their arguments (not now()), so a row's result can be kept. */
const PURE_FUNCTIONS = new Set(Object.keys(SCALAR_FUNCTIONS).filter((name) => name !== "now" && name !== "ago"));
/** Whether an operator's expressions read only the row (its columns, literals, pure functions), by node. */
const rowPureOperators = new WeakMap<Node, boolean>();
/**
 * Rows an extend built, by operator node and input row. The analysis of a query text is cached
 * (index.ts), so its nodes are the same each time it runs, and the simulator runs one query over the
 * same typed rows at every evaluation: a row-pure extend then builds each row once, not once per window.
 */
const extendedRows = new WeakMap<Node, WeakMap<Row, Row>>();

/** A summarize group: its by-values and a state per aggregate. */
interface Group {
  keys: KqlValue[];
  states: AggregateState[][];
}

/**
 * Rows that start a chunk of a summarize's input: about one in 2^CHUNK_BITS (512), by a Fibonacci hash
 * of the order the engine first met them, so a filter's rows still start chunks at about that rate.
 */
const CHUNK_BITS = 9;
const chunkStarts = new WeakMap<Row, boolean>();
let rowsMet = 0;
function startsChunk(row: Row): boolean {
  let starts = chunkStarts.get(row);
  if (starts === undefined) chunkStarts.set(row, (starts = Math.imul(++rowsMet, 0x9e3779b1) >>> (32 - CHUNK_BITS) === 0));
  return starts;
}
/** Whether `rows` from `at` on begin with exactly the objects of `chunk`. */
function sameRows(chunk: readonly Row[], rows: readonly Row[], at: number): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== rows[at + i]) return false;
  return true;
}
/** A summarize's groups per chunk of its input, by operator node and the chunk's first row: see summarizeInChunks. */
const summarizedChunks = new WeakMap<Node, WeakMap<Row, { rows: Row[]; groups: TupleMap<Group> }>>();
/** Summarize operators with an aggregate whose chunks cannot be merged exactly (a double total that is not an exact integer). */
const unmergeable = new WeakSet<Node>();

/**
 * `row` with exactly `columns`, in their order, a missing or null value as the column's empty value
 * (`source` names the column to read each from). A copy of one template row per row, not an array of
 * entries per row: reshaping every row after make-series, mv-expand and project was the largest part of
 * replaying the baseline week's alert-mcp-user-anomaly.
 */
function inColumns(columns: readonly Column[], source: (name: string) => string = (name) => name): (row: Row) => Row {
  const template = emptyRow(columns);
  const names = columns.map((c) => [c.name, source(c.name)] as const);
  return (row) => {
    const out: Row = { ...template };
    for (const [name, from] of names) {
      const v = row[from];
      if (v !== undefined && v !== null) out[name] = v;
    }
    return out;
  };
}

export class Interpreter {
  private readonly L = kusto();
  private readonly S: Syn = this.L.Syntax;
  private readonly scope = new Map<Sym, Binding>();
  /** Arguments of the user-defined function calls being compiled, innermost last, by parameter name. */
  private readonly frames: Map<string, Scalar>[] = [];
  /** Tables whose rows are the same objects from run to run: a workspace table's typed rows, and what a filter or a kept extend makes of them. */
  private readonly stable = new WeakSet<Table>();

  constructor(private readonly ctx: InterpreterContext) {}

  unsupported(feature: string, node: Node): never {
    const offset = Math.max(0, node.TextStart - this.ctx.prefixLength);
    const query = this.ctx.text.slice(this.ctx.prefixLength);
    const { line, col } = lineCol(query, offset);
    throw new KqlUnsupportedError(feature, line, col);
  }

  private kindName(node: Node): string {
    return kindName(node.Kind) || String(node.Kind);
  }

  private typeName(expr: Expr | null): string {
    const t = expr?.ResultType;
    return t?.Name ?? "unknown";
  }

  /** Columns of a tabular node's result as the analyzer computed them. */
  private columnsOf(node: Expr): Column[] | undefined {
    const t = node.ResultType;
    if (t === null || !(t instanceof this.L.Symbols.TableSymbol)) return undefined;
    const cols = t.Columns;
    const out: Column[] = [];
    if (cols) for (let i = 0; i < cols.Count; i++) {
      const c = cols.getItem(i);
      out.push({ name: c.Name ?? "", type: c.Type?.Name ?? "dynamic" });
    }
    return out;
  }

  private resultColumns(node: Expr, fallback: Column[]): Column[] {
    return this.columnsOf(node) ?? fallback;
  }

  run(root: Kusto.Language.Syntax.SyntaxNode): Table {
    if (!(root instanceof this.S.QueryBlock)) this.unsupported(this.kindName(root), root);
    const results: Table[] = [];
    for (const statement of elements(root.Statements)) this.statement(statement, results);
    if (results.length !== 1) this.unsupported(results.length === 0 ? "a query without a tabular expression" : "several result statements", root);
    return results[0];
  }

  private statement(statement: Kusto.Language.Syntax.Statement, results: Table[]): void {
    const S = this.S;
    if (statement instanceof S.LetStatement) {
      const symbol = statement.Name?.ReferencedSymbol;
      const expr = statement.Expression;
      if (!symbol || !expr) this.unsupported("let", statement);
      const name = statement.Name?.SimpleName ?? "";
      if (statement.TextStart < this.ctx.prefixLength && this.ctx.parameters.has(name)) {
        this.scope.set(symbol, { scalar: this.ctx.parameters.get(name) ?? null });
        return;
      }
      // Calls to a let-defined function are run from their expansion (see call()).
      if (expr instanceof S.FunctionDeclaration) return;
      if (this.isTabular(expr)) {
        let cached: Table | undefined;
        this.scope.set(symbol, { table: () => (cached ??= this.tabular(expr)) });
      } else {
        this.scope.set(symbol, { scalar: this.scalar(expr)({}) });
      }
      return;
    }
    if (statement instanceof S.ExpressionStatement && statement.Expression) {
      results.push(this.tabular(statement.Expression));
      return;
    }
    this.unsupported(this.kindName(statement), statement);
  }

  private isTabular(expr: Expr): boolean {
    return expr.ResultType instanceof this.L.Symbols.TableSymbol;
  }

  // ---------------------------------------------------------------- tabular expressions

  tabular(expr: Expr): Table {
    const S = this.S;
    const L = this.L;
    if (expr instanceof S.PipeExpression) {
      if (!expr.Expression || !expr.Operator) this.unsupported("pipe", expr);
      return this.operator(expr.Operator, this.tabular(expr.Expression));
    }
    if (expr instanceof S.ParenthesizedExpression && expr.Expression) return this.tabular(expr.Expression);
    if (expr instanceof S.MaterializeExpression && expr.Expression) return this.tabular(expr.Expression);
    if (expr instanceof S.NameReference || expr instanceof S.FunctionCallExpression) {
      const symbol = expr.ReferencedSymbol;
      if (symbol instanceof L.Symbols.TableSymbol) {
        const table = this.ctx.table(symbol.Name ?? "");
        this.stable.add(table);
        return table;
      }
      const binding = symbol ? this.scope.get(symbol) : undefined;
      if (binding && "table" in binding) return binding.table();
      if (symbol instanceof L.Symbols.FunctionSymbol) {
        const body = expr.GetExpansion();
        if (body instanceof S.FunctionBody) {
          const args = expr instanceof S.FunctionCallExpression ? elements(expr.ArgumentList?.Expressions ?? null) : [];
          const frame = this.frameFor(symbol, args.map((a) => this.scalar(a)), expr);
          const constant = new Map([...frame].map(([k, f]) => {
            const v = f({});
            return [k, () => v] as const;
          }));
          this.frames.push(constant);
          try {
            return this.functionBody(body);
          } finally {
            this.frames.pop();
          }
        }
      }
      this.unsupported(`table reference ${symbol?.Name ?? ""}`, expr);
    }
    if (expr instanceof S.DataTableExpression) return this.datatable(expr);
    if (expr instanceof S.PrintOperator) return this.project(expr, elements(expr.Expressions), { columns: [], rows: [{}] });
    if (expr instanceof S.RangeOperator) return this.range(expr);
    if (expr instanceof S.UnionOperator) return this.union(expr, undefined);
    this.unsupported(this.kindName(expr), expr);
  }

  private functionBody(body: Kusto.Language.Syntax.FunctionBody): Table {
    const results: Table[] = [];
    for (const statement of elements(body.Statements)) this.statement(statement, results);
    if (!body.Expression) this.unsupported("function body", body);
    return this.tabular(body.Expression);
  }

  private operator(op: Kusto.Language.Syntax.QueryOperator, input: Table): Table {
    const S = this.S;
    if (op instanceof S.FilterOperator) {
      if (!op.Condition) this.unsupported("where", op);
      const cond = this.scalar(op.Condition);
      const out = { columns: input.columns, rows: input.rows.filter((r) => cond(r) === true) };
      if (this.stable.has(input)) this.stable.add(out);
      return out;
    }
    if (op instanceof S.ExtendOperator) return this.extend(op, input);
    if (op instanceof S.ProjectOperator) return this.project(op, elements(op.Expressions), input);
    if (op instanceof S.ProjectAwayOperator || op instanceof S.ProjectKeepOperator || op instanceof S.ProjectReorderOperator) return this.reshape(op, input);
    if (op instanceof S.ProjectRenameOperator) return this.rename(op, input);
    if (op instanceof S.SummarizeOperator) return this.summarize(op, input);
    if (op instanceof S.CountOperator) return { columns: this.resultColumns(op, [{ name: "Count", type: "long" }]), rows: [{ [this.resultColumns(op, [{ name: "Count", type: "long" }])[0].name]: input.rows.length }] };
    if (op instanceof S.TakeOperator) {
      const n = op.Expression ? toInteger(this.scalar(op.Expression)({})) ?? 0 : 0;
      return { columns: input.columns, rows: input.rows.slice(0, Math.max(0, n)) };
    }
    if (op instanceof S.SortOperator) {
      if (plain(op.Parameters).length > 0) this.unsupported("sort parameters", op);
      return { columns: input.columns, rows: this.sorted(input.rows, elements(op.Expressions)) };
    }
    if (op instanceof S.TopOperator) {
      if (!op.Expression || !op.ByExpression) this.unsupported("top", op);
      const n = toInteger(this.scalar(op.Expression)({})) ?? 0;
      return { columns: input.columns, rows: this.sorted(input.rows, [op.ByExpression]).slice(0, Math.max(0, n)) };
    }
    if (op instanceof S.DistinctOperator) return this.distinct(op, input);
    if (op instanceof S.SerializeOperator) {
      if (elements(op.Expressions).length > 0) return this.extend(op, input);
      return input;
    }
    if (op instanceof S.MakeSeriesOperator) return this.makeSeries(op, input);
    // render only tells a client how to chart the result.
    if (op instanceof S.RenderOperator) return input;
    if (op instanceof S.MvExpandOperator) return this.mvExpand(op, input);
    if (op instanceof S.UnionOperator) return this.union(op, input);
    if (op instanceof S.JoinOperator) return this.join(op, input);
    this.unsupported(`${op.GetFirstToken()?.Text ?? this.kindName(op)} operator`, op);
  }

  /** Output names of an extend/project/print list: the analyzer's, for unnamed expressions too. */
  private namesOf(exprs: Expr[], result: Column[], existing: Set<string>): string[][] {
    const S = this.S;
    const explicit = new Set<string>();
    for (const e of exprs) {
      if (e instanceof S.SimpleNamedExpression) explicit.add(e.Name?.SimpleName ?? "");
      if (e instanceof S.CompoundNamedExpression) for (const n of elements(e.Names?.Names ?? null)) explicit.add(n.SimpleName ?? "");
    }
    const generated = result.map((c) => c.name).filter((n) => !existing.has(n) && !explicit.has(n));
    return exprs.map((e) => {
      if (e instanceof S.SimpleNamedExpression) return [e.Name?.SimpleName ?? ""];
      if (e instanceof S.CompoundNamedExpression) return elements(e.Names?.Names ?? null).map((n) => n.SimpleName ?? "");
      if (e instanceof S.NameReference && existing.has(e.SimpleName ?? "")) return [e.SimpleName ?? ""];
      return Array.from({ length: this.widthOf(e) }, () => generated.shift() ?? "Column1");
    });
  }

  private valueExpr(e: Expr): Expr {
    const S = this.S;
    if ((e instanceof S.SimpleNamedExpression || e instanceof S.CompoundNamedExpression) && e.Expression) return e.Expression;
    return e;
  }

  private assigner(exprs: Expr[], names: string[][], extending: boolean): (row: Row) => Row {
    const steps = exprs.map((e, i) => {
      const f = this.scalar(this.valueExpr(e));
      const n = names[i];
      if (n.length === 1) return (src: Row, out: Row) => void (out[n[0]] = f(extending ? out : src));
      return (src: Row, out: Row) => {
        const v = f(extending ? out : src);
        const parts = Array.isArray(v) ? v : [];
        n.forEach((name, k) => (out[name] = parts[k] ?? null));
      };
    });
    return (row) => {
      const out: Row = extending ? { ...row } : {};
      for (const s of steps) s(row, out);
      return out;
    };
  }

  private extend(op: Kusto.Language.Syntax.ExtendOperator | Kusto.Language.Syntax.SerializeOperator, input: Table): Table {
    const exprs = elements(op.Expressions);
    const result = this.resultColumns(op, input.columns);
    const names = this.namesOf(exprs, result, new Set(input.columns.map((c) => c.name)));
    const assign = this.assigner(exprs, names, true);
    if (!this.stable.has(input) || !this.rowPure(op)) return { columns: result, rows: input.rows.map(assign) };
    let memo = extendedRows.get(op);
    if (!memo) extendedRows.set(op, (memo = new WeakMap()));
    const kept = memo;
    const out = {
      columns: result,
      rows: input.rows.map((r) => {
        let row = kept.get(r);
        if (!row) kept.set(r, (row = assign(r)));
        return row;
      }),
    };
    this.stable.add(out);
    return out;
  }

  /** Whether every name the operator's expressions reference is a column or a pure scalar (or, in a summarize, aggregate) function. */
  private rowPure(op: Node): boolean {
    const known = rowPureOperators.get(op);
    if (known !== undefined) return known;
    const S = this.S;
    const L = this.L;
    let pure = true;
    op.WalkElements((el) => {
      if (!pure || !(el instanceof S.NameReference)) return;
      const symbol = el.ReferencedSymbol;
      if (symbol instanceof L.Symbols.ColumnSymbol) return;
      const called = el.Parent instanceof S.FunctionCallExpression && el.Parent.Name === el ? el.Parent : undefined;
      const name = el.SimpleName ?? "";
      const known = PURE_FUNCTIONS.has(name) || (op instanceof S.SummarizeOperator && aggregateFactory(name) !== undefined);
      if (symbol instanceof L.Symbols.FunctionSymbol && called && known && called.GetExpansion() === null) return;
      pure = false;
    });
    rowPureOperators.set(op, pure);
    return pure;
  }

  private project(op: Expr, exprs: Expr[], input: Table): Table {
    const result = this.resultColumns(op, []);
    const names = this.namesOf(exprs, result, new Set(input.columns.map((c) => c.name)));
    const assign = this.assigner(exprs, names, false);
    const order = result.map((c) => c.name);
    return {
      columns: result,
      rows: input.rows.map((r) => {
        const o = assign(r);
        const out: Row = {};
        for (const n of order) out[n] = o[n] ?? null;
        return out;
      }),
    };
  }

  private reshape(op: Expr, input: Table): Table {
    const result = this.resultColumns(op, input.columns);
    return { columns: result, rows: input.rows.map(inColumns(result)) };
  }

  private rename(op: Kusto.Language.Syntax.ProjectRenameOperator, input: Table): Table {
    const S = this.S;
    const map = new Map<string, string>();
    for (const e of elements(op.Expressions)) {
      if (e instanceof S.SimpleNamedExpression && e.Expression instanceof S.NameReference) map.set(e.Name?.SimpleName ?? "", e.Expression.SimpleName ?? "");
      else this.unsupported("project-rename form", e);
    }
    const result = this.resultColumns(op, input.columns);
    return { columns: result, rows: input.rows.map(inColumns(result, (name) => map.get(name) ?? name)) };
  }

  private distinct(op: Kusto.Language.Syntax.DistinctOperator, input: Table): Table {
    const result = this.resultColumns(op, input.columns);
    const seen = new TupleMap<Row>();
    const shape = inColumns(result);
    for (const r of input.rows) {
      seen.upsert(
        result.map((c) => r[c.name] ?? null),
        () => shape(r),
      );
    }
    return { columns: result, rows: seen.values };
  }

  /** Sort keys: `by x [asc|desc] [nulls first|last]`; Kusto's default is desc, nulls last for desc and first for asc. */
  private sorted(rows: Row[], exprs: Expr[]): Row[] {
    const S = this.S;
    const keys = exprs.map((e) => {
      let desc = true;
      let nullsFirst: boolean | undefined;
      let inner = e;
      if (e instanceof S.OrderedExpression && e.Expression) {
        inner = e.Expression;
        const word = e.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
        if (word === "asc") desc = false;
        const nulls = e.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
        if (nulls) nullsFirst = nulls === "first";
      }
      return { f: this.scalar(inner), desc, nullsFirst: nullsFirst ?? !desc };
    });
    const decorated = rows.map((row, i) => ({ row, i, k: keys.map((k) => k.f(row)) }));
    // Null and NaN sort together at the nulls end, null outermost (the sort page's special-values table).
    const rank = (v: KqlValue) => (v === null ? 2 : typeof v === "number" && Number.isNaN(v) ? 1 : 0);
    decorated.sort((a, b) => {
      for (let j = 0; j < keys.length; j++) {
        const x = a.k[j];
        const y = b.k[j];
        const rx = rank(x);
        const ry = rank(y);
        if (rx !== 0 || ry !== 0) {
          if (rx === ry) continue;
          return (rx > ry) === keys[j].nullsFirst ? -1 : 1;
        }
        if (x === null || y === null) continue;
        const c = compareValues(x, y);
        if (c !== 0) return keys[j].desc ? -c : c;
      }
      return a.i - b.i;
    });
    return decorated.map((d) => d.row);
  }

  // ---------------------------------------------------------------- aggregation

  /** An aggregate expression: its aggregate calls, and the scalar over their results (`round(sum(x) / 2, 1)`). */
  private aggregateExpr(e: Expr, width: number): { aggregates: Aggregate[]; finish: (results: KqlValue[][]) => KqlValue[] } {
    const inner = this.valueExpr(e);
    const direct = this.aggregateCall(inner, width);
    if (direct) return { aggregates: [direct], finish: (results) => results[0] };
    const aggregates: Aggregate[] = [];
    const f = this.scalar(inner, (call) => {
      const a = this.aggregateCall(call, 1);
      if (!a) return undefined;
      const key = `${AGG_PREFIX}${aggregates.length}`;
      aggregates.push(a);
      return (row) => row[key] ?? null;
    });
    return {
      aggregates,
      finish: (results) => {
        const row: Row = {};
        results.forEach((r, i) => (row[`${AGG_PREFIX}${i}`] = r[0]));
        return [f(row)];
      },
    };
  }

  private aggregateCall(e: Expr, width: number): Aggregate | undefined {
    const S = this.S;
    if (!(e instanceof S.FunctionCallExpression)) return undefined;
    const name = e.Name?.SimpleName ?? "";
    const factory = aggregateFactory(name);
    if (!factory || SCALAR_FUNCTIONS[name]) return undefined;
    const args = elements(e.ArgumentList?.Expressions ?? null);
    const star = args.findIndex((a) => a instanceof S.StarExpression);
    if (star >= 0 && (star !== args.length - 1 || !["arg_max", "arg_min"].includes(name))) this.unsupported(`${name}(..., *)`, e);
    const argExprs = star >= 0 ? args.slice(0, star) : args;
    const compiled = argExprs.map((a) => this.scalar(a));
    const argTypes = argExprs.map((a) => this.typeName(a));
    if (star >= 0) {
      // `*` is every column the analyzer lists in the aggregate's tuple after those already named.
      const t = e.ResultType;
      const cols = t instanceof this.L.Symbols.TupleSymbol && t.Columns ? t.Columns : null;
      for (let i = argExprs.length; cols && width > 1 && i < cols.Count; i++) {
        const c = cols.getItem(i);
        const colName = c.Name ?? "";
        compiled.push((row) => row[colName] ?? null);
        argTypes.push(c.Type?.Name ?? "dynamic");
      }
    }
    const constants = argExprs.map((a, i) => (this.isConstant(a) ? compiled[i]({}) : null));
    return factory({ args: compiled, argTypes, constants, width, resultType: this.typeName(e) });
  }

  private isConstant(e: Expr): boolean {
    const S = this.S;
    return e instanceof S.LiteralExpression || (e instanceof S.PrefixUnaryExpression && e.Expression instanceof S.LiteralExpression) || (e instanceof S.NameReference && e.ReferencedSymbol instanceof this.L.Symbols.VariableSymbol);
  }

  private widthOf(e: Expr): number {
    const t = this.valueExpr(e).ResultType;
    if (t instanceof this.L.Symbols.TupleSymbol && t.Columns) return t.Columns.Count;
    return 1;
  }

  private summarize(op: Kusto.Language.Syntax.SummarizeOperator, input: Table): Table {
    if (plain(op.Parameters).length > 0) this.unsupported("summarize parameters", op);
    const byExprs = elements(op.ByClause?.Expressions ?? null);
    const aggExprs = elements(op.Aggregates);
    const result = this.resultColumns(op, []);
    const widths = aggExprs.map((e) => this.widthOf(e));
    if (byExprs.length + widths.reduce((s, w) => s + w, 0) !== result.length) this.unsupported("this summarize shape", op);
    const keys = byExprs.map((e) => this.scalar(this.valueExpr(e)));
    const aggs = aggExprs.map((e, i) => this.aggregateExpr(e, widths[i]));
    const newGroup = (k: KqlValue[]): Group => ({ keys: k, states: aggs.map((a) => a.aggregates.map((x) => x.create())) });
    // One key array for every row: only a new group keeps a copy.
    const k: KqlValue[] = keys.map(() => null);
    const feed = (into: TupleMap<Group>, rows: readonly Row[], from: number, to: number) => {
      for (let r = from; r < to; r++) {
        const row = rows[r];
        for (let i = 0; i < keys.length; i++) k[i] = keys[i](row);
        for (const perAgg of into.upsert(k, newGroup).states) for (const s of perAgg) s.add(row);
      }
    };
    let groups = this.stable.has(input) && this.rowPure(op) && !unmergeable.has(op) ? this.summarizeInChunks(op, input.rows, newGroup, feed) : undefined;
    if (!groups) feed((groups = new TupleMap<Group>()), input.rows, 0, input.rows.length);
    if (byExprs.length === 0 && groups.values.length === 0) groups.upsert([], newGroup);
    const rows: Row[] = [];
    for (const g of groups.values) {
      const values = [...g.keys];
      g.states.forEach((states, i) => values.push(...aggs[i].finish(states.map((s) => s.result()))));
      const row: Row = {};
      result.forEach((c, i) => (row[c.name] = values[i] ?? emptyOf(c.type)));
      rows.push(row);
    }
    return { columns: result, rows };
  }

  /**
   * A summarize's groups from chunks of its input kept from run to run, or undefined when a chunk's
   * aggregate cannot be merged exactly (and the rows are fed one by one instead). A chunk runs from a
   * row marked to start one up to the next such row; the marks are per row, so the chunks of a window
   * that slid keep their rows. Only chunks with a start and an end inside the input are kept: the two at
   * its edges change as the window moves, and are fed as rows. A kept chunk is used only while the
   * rows between its marks are exactly those it was computed from (a late record, an edited filter).
   */
  private summarizeInChunks(op: Node, rows: readonly Row[], newGroup: (k: KqlValue[]) => Group, feed: (into: TupleMap<Group>, rows: readonly Row[], from: number, to: number) => void): TupleMap<Group> | undefined {
    let kept = summarizedChunks.get(op);
    if (!kept) summarizedChunks.set(op, (kept = new WeakMap()));
    const groups = new TupleMap<Group>();
    let start = 0;
    while (start < rows.length && !startsChunk(rows[start])) start++;
    feed(groups, rows, 0, start);
    while (start < rows.length) {
      // A kept chunk whose rows are all still here, in order, needs no mark looked up but the next one's:
      // marks belong to rows, so the same rows hold the same marks (a lookup per row was most of a replay).
      let chunk = kept.get(rows[start]);
      let end = chunk ? start + chunk.rows.length : start;
      if (!chunk || end >= rows.length || !startsChunk(rows[end]) || !sameRows(chunk.rows, rows, start)) {
        end = start + 1;
        while (end < rows.length && !startsChunk(rows[end])) end++;
        if (end === rows.length) {
          feed(groups, rows, start, end);
          break;
        }
        const own = new TupleMap<Group>();
        feed(own, rows, start, end);
        kept.set(rows[start], (chunk = { rows: rows.slice(start, end), groups: own }));
      }
      for (const g of chunk.groups.values) {
        const into = groups.upsert(g.keys, newGroup);
        for (let a = 0; a < g.states.length; a++) {
          for (let s = 0; s < g.states[a].length; s++) {
            if (into.states[a][s].merge(g.states[a][s])) continue;
            unmergeable.add(op);
            return undefined;
          }
        }
      }
      start = end;
    }
    return groups;
  }

  /** A named parameter's value: `kind=nonempty`, `with_itemindex=Index`, ... (names lower-cased). */
  private parameterValues(list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null, allowed: string[], op: Node): Map<string, string> {
    const out = new Map<string, string>();
    for (const p of plain(list)) {
      const name = (p.Name?.SimpleName ?? "").toLowerCase();
      if (!allowed.includes(name)) this.unsupported(`${op.GetFirstToken()?.Text ?? ""} parameter ${name}`, p);
      out.set(name, p.Expression?.GetFirstToken()?.Text ?? "");
    }
    return out;
  }

  /**
   * make-series (https://learn.microsoft.com/kusto/query/make-series-operator): rows grouped by the `by`
   * values and bin_at(axis, step, start); a bin without rows holds the default (0 unless `default =`);
   * `to` is exclusive. Without `from`/`to`, each series starts at its first bin with data and ends after
   * its last. An empty input gives no rows unless kind=nonempty.
   */
  private makeSeries(op: Kusto.Language.Syntax.MakeSeriesOperator, input: Table): Table {
    const S = this.S;
    const params = this.parameterValues(op.Parameters, ["kind", "hint.shufflekey"], op);
    const nonempty = params.get("kind")?.toLowerCase() === "nonempty";
    const axisExpr = op.OnClause?.Expression;
    if (!axisExpr) this.unsupported("make-series without on", op);
    const range = op.RangeClause;
    if (!(range instanceof S.MakeSeriesFromToStepClause)) this.unsupported(range ? "make-series in range()" : "make-series without step", op);
    const stepExpr = range.MakeSeriesStepClause?.Expression;
    if (!stepExpr) this.unsupported("make-series without step", op);
    const axis = this.scalar(axisExpr);
    const axisName = axisExpr instanceof S.NameReference ? axisExpr.SimpleName ?? "" : this.unsupported("make-series on a computed axis", axisExpr);
    const axisType = this.typeName(axisExpr);
    const isTime = axisType === "datetime" || axisType === "timespan";
    const fromExpr = range.MakeSeriesFromClause?.Expression;
    const toExpr = range.MakeSeriesToClause?.Expression;
    const byExprs = elements(op.ByClause?.Expressions ?? null);
    const byNames = byExprs.map((e) => (e instanceof S.SimpleNamedExpression ? e.Name?.SimpleName ?? "" : e instanceof S.NameReference ? e.SimpleName ?? "" : this.unsupported("make-series by a computed expression without a name", e)));
    const keyFns = byExprs.map((e) => this.scalar(this.valueExpr(e)));
    const result = this.resultColumns(op, []);
    const aggNames = result.map((c) => c.name).filter((n) => n !== axisName && !byNames.includes(n));
    const aggs = elements(op.Aggregates).map((m, i) => {
      const e = m.Expression;
      if (!e) this.unsupported("make-series aggregate", m);
      const defaultExpr = m.DefaultExpression?.Expression;
      return { name: aggNames[i] ?? `Column${i + 1}`, agg: this.aggregateExpr(e, 1), fallback: defaultExpr ? this.scalar(defaultExpr)({}) : 0 };
    });

    // Bins are counted from an origin on the bin grid (`from`, else the data's first bin), so tick offsets
    // stay exact as numbers while the axis values are rebuilt as bigint ticks.
    const stepValue = this.scalar(stepExpr)({});
    const step = typeof stepValue === "bigint" ? Number(stepValue) : typeof stepValue === "number" ? stepValue : NaN;
    if (!(step > 0)) this.unsupported("make-series with a step that is not positive", stepExpr);
    const fromValue = fromExpr ? this.scalar(fromExpr)({}) : null;
    const toValue = toExpr ? this.scalar(toExpr)({}) : null;
    const axisValuesIn = input.rows.map((r) => axis(r));
    const firstPresent = axisValuesIn.find((v) => v !== null) ?? null;
    const origin: KqlValue = fromValue ?? (firstPresent === null ? null : isTime ? (axisType === "datetime" ? floorDiv(asBig(firstPresent) + EPOCH_TICKS, BigInt(step)) * BigInt(step) - EPOCH_TICKS : floorDiv(asBig(firstPresent), BigInt(step)) * BigInt(step)) : Math.floor(Number(firstPresent) / step) * step);
    const offset = (v: KqlValue): number => (typeof v === "bigint" ? Number(v - asBig(origin)) : typeof v === "number" ? v - Number(origin) : NaN);
    const from = fromValue === null ? undefined : 0;
    const to = toValue === null ? undefined : offset(toValue);
    const align = (x: number) => Math.floor(x / step) * step;
    const groups = new TupleMap<{ keys: KqlValue[]; bins: Map<number, AggregateState[][]> }>();
    input.rows.forEach((row, ri) => {
      const a = axisValuesIn[ri];
      if (a === null) return;
      const x = offset(a);
      if ((from !== undefined && x < from) || (to !== undefined && x >= to)) return;
      const bin = align(x);
      const g = groups.upsert(
        keyFns.map((f) => f(row)),
        (keys) => ({ keys, bins: new Map() }),
      );
      let states = g.bins.get(bin);
      if (!states) g.bins.set(bin, (states = aggs.map((ag) => ag.agg.aggregates.map((x) => x.create()))));
      for (const perAgg of states) for (const s of perAgg) s.add(row);
    });
    if (groups.values.length === 0 && nonempty && byExprs.length === 0) groups.upsert([], (keys) => ({ keys, bins: new Map() }));
    const toAxis = (v: number): DynamicValue => (isTime ? asDynamic(asBig(origin) + BigInt(Math.round(v)), axisType) : Number(origin) + v);
    const rows: Row[] = [];
    for (const g of groups.values) {
      const starts = [...g.bins.keys()];
      const first = from ?? (starts.length ? Math.min(...starts) : NaN);
      const end = to ?? (starts.length ? Math.max(...starts) + step : NaN);
      const count = Number.isFinite(first) && Number.isFinite(end) && end > first ? Math.ceil((end - first) / step) : 0;
      const axisValues = Array.from({ length: count }, (_, i) => first + i * step);
      const row: Row = {};
      byNames.forEach((n, i) => (row[n] = g.keys[i]));
      aggs.forEach((ag, ai) => {
        row[ag.name] = axisValues.map((b) => {
          const states = g.bins.get(b);
          return asDynamic(states ? ag.agg.finish(states[ai].map((s) => s.result()))[0] : ag.fallback, "dynamic");
        });
      });
      row[axisName] = axisValues.map(toAxis);
      rows.push(row);
    }
    return { columns: result, rows: rows.map(inColumns(result)) };
  }

  /**
   * mv-expand (https://learn.microsoft.com/kusto/query/mv-expand-operator): arrays expand in parallel, the
   * shorter padded with null; a null value gives one row, an empty array or bag none; bags expand to
   * one-entry bags (kind=bag) or [key, value] pairs (kind=array); `to typeof()` casts each element.
   */
  private mvExpand(op: Kusto.Language.Syntax.MvExpandOperator, input: Table): Table {
    const S = this.S;
    if (op.RowLimitClause) this.unsupported("mv-expand limit", op.RowLimitClause);
    const params = this.parameterValues(op.Parameters, ["kind", "bagexpansion", "with_itemindex"], op);
    const asArrays = (params.get("kind") ?? params.get("bagexpansion") ?? "bag").toLowerCase() === "array";
    const indexName = params.get("with_itemindex");
    const result = this.resultColumns(op, input.columns);
    const types = new Map(result.map((c) => [c.name, c.type]));
    const parts = elements(op.Expressions).map((m) => {
      const e = m.Expression;
      if (!e) this.unsupported("mv-expand", m);
      const name = e instanceof S.SimpleNamedExpression ? e.Name?.SimpleName ?? "" : e instanceof S.NameReference ? e.SimpleName ?? "" : this.unsupported("mv-expand of an unnamed expression", e);
      const target = types.get(name) ?? "dynamic";
      return { name, f: this.scalar(this.valueExpr(e)), convert: (v: KqlValue): KqlValue => castTo(v, target) };
    });
    const rows: Row[] = [];
    for (const row of input.rows) {
      const arrays = parts.map((p): KqlValue[] => {
        const v = p.f(row);
        if (Array.isArray(v)) return v;
        if (v !== null && typeof v === "object") return Object.entries(v).map(([k, x]) => (asArrays ? [k, x] : { [k]: x }));
        return [v];
      });
      const n = Math.max(0, ...arrays.map((a) => a.length));
      for (let i = 0; i < n; i++) {
        const out: Row = { ...row };
        parts.forEach((p, j) => (out[p.name] = p.convert(arrays[j][i] ?? null)));
        if (indexName) out[indexName] = i;
        rows.push(out);
      }
    }
    return { columns: result, rows: rows.map(inColumns(result)) };
  }

  private union(op: Kusto.Language.Syntax.UnionOperator, input: Table | undefined): Table {
    if (plain(op.Parameters).length > 0) this.unsupported("union parameters", op);
    const tables = [...(input ? [input] : []), ...elements(op.Expressions).map((e) => this.tabular(e))];
    const result = this.resultColumns(op, tables[0]?.columns ?? []);
    const rows: Row[] = [];
    for (const t of tables) for (const r of t.rows) rows.push(Object.fromEntries(result.map((c) => [c.name, Object.hasOwn(r, c.name) ? r[c.name] : emptyOf(c.type)])));
    return { columns: result, rows };
  }

  private join(op: Kusto.Language.Syntax.JoinOperator, left: Table): Table {
    const S = this.S;
    let kind = "innerunique";
    for (const p of plain(op.Parameters)) {
      const name = p.Name?.SimpleName?.toLowerCase();
      if (name === "kind" && p.Expression) kind = (p.Expression.GetFirstToken()?.Text ?? kind).toLowerCase();
      else if (name !== "hint.strategy" && name !== "hint.shufflekey") this.unsupported(`join parameter ${name}`, p);
    }
    if (!op.Expression) this.unsupported("join", op);
    const right = this.tabular(op.Expression);
    const clause = op.ConditionClause;
    if (!(clause instanceof S.JoinOnClause)) this.unsupported("join with a where clause", op);
    const pairs = elements(clause.Expressions).map((e) => {
      if (e instanceof S.NameReference) return [e.SimpleName ?? "", e.SimpleName ?? ""];
      if (e instanceof S.BinaryExpression && e.Operator?.Text === "==" && e.Left instanceof S.PathExpression && e.Right instanceof S.PathExpression) {
        const side = (p: Kusto.Language.Syntax.PathExpression) => ({ side: p.Expression?.GetFirstToken()?.Text ?? "", name: p.Selector?.GetFirstToken()?.Text ?? "" });
        const a = side(e.Left);
        const b = side(e.Right);
        return a.side === "$left" ? [a.name, b.name] : [b.name, a.name];
      }
      this.unsupported("this join condition", e);
    });
    const keyL = (r: Row) => pairs.map(([l]) => r[l] ?? null);
    const result = this.resultColumns(op, left.columns);
    const index = new TupleMap<Row[]>();
    for (const r of right.rows) {
      index.upsert(
        pairs.map(([, rr]) => r[rr] ?? null),
        () => [],
      ).push(r);
    }
    const lc = left.columns.length;
    const combine = (l: Row | undefined, r: Row | undefined): Row => {
      const out: Row = {};
      result.forEach((c, i) => {
        const src = i < lc ? left.columns[i] : right.columns[i - lc];
        const from = i < lc ? l : r;
        out[c.name] = from && src ? from[src.name] ?? emptyOf(c.type) : emptyOf(c.type);
      });
      return out;
    };
    const rows: Row[] = [];
    if (kind === "leftsemi" || kind === "leftanti") {
      for (const l of left.rows) if (index.has(keyL(l)) === (kind === "leftsemi")) rows.push(l);
      return { columns: result, rows };
    }
    if (kind !== "inner" && kind !== "innerunique" && kind !== "leftouter") this.unsupported(`join kind=${kind}`, op);
    const seenLeft = new TupleMap<true>();
    for (const l of left.rows) {
      const k = keyL(l);
      if (kind === "innerunique") {
        if (seenLeft.has(k)) continue;
        seenLeft.upsert(k, () => true);
      }
      const matches = index.get(k);
      if (matches) for (const r of matches) rows.push(combine(l, r));
      else if (kind === "leftouter") rows.push(combine(l, undefined));
    }
    return { columns: result, rows };
  }

  private datatable(expr: Kusto.Language.Syntax.DataTableExpression): Table {
    const result = this.resultColumns(expr, []);
    const values = elements(expr.Values).map((v) => this.scalar(v)({}));
    if (result.length === 0 || values.length % result.length !== 0) this.unsupported("datatable shape", expr);
    const rows: Row[] = [];
    for (let i = 0; i < values.length; i += result.length) {
      const row: Row = {};
      result.forEach((c, j) => (row[c.name] = convertTo(values[i + j], c.type)));
      rows.push(row);
    }
    return { columns: result, rows };
  }

  private range(expr: Kusto.Language.Syntax.RangeOperator): Table {
    const result = this.resultColumns(expr, []);
    if (!expr.From || !expr.To || !expr.Step || result.length !== 1) this.unsupported("range", expr);
    const from = this.scalar(expr.From)({});
    const to = this.scalar(expr.To)({});
    const step = this.scalar(expr.Step)({});
    const name = result[0].name;
    const rows: Row[] = [];
    if (typeof from === "bigint" && typeof to === "bigint" && typeof step === "bigint") {
      if (step === 0n) this.unsupported("range with step 0", expr);
      for (let v = from; step > 0n ? v <= to : v >= to; v += step) rows.push({ [name]: v });
    } else if (typeof from === "number" && typeof to === "number" && typeof step === "number") {
      if (step === 0) this.unsupported("range with step 0", expr);
      for (let i = 0, v = from; step > 0 ? v <= to : v >= to; i++, v = from + i * step) rows.push({ [name]: v });
    }
    return { columns: result, rows };
  }

  // ---------------------------------------------------------------- scalar expressions

  /** Compiles a scalar expression to a function of the row. `hook` replaces calls (aggregates inside summarize). */
  scalar(e: Expr, hook?: (call: Kusto.Language.Syntax.FunctionCallExpression) => Scalar | undefined): Scalar {
    const S = this.S;
    const L = this.L;
    const sub = (x: Expr | null): Scalar => (x ? this.scalar(x, hook) : this.unsupported("missing expression", e));
    if (e instanceof S.ParenthesizedExpression) return sub(e.Expression);
    if (e instanceof S.TypeOfLiteralExpression) {
      const type = elements(e.Types)[0]?.ReferencedSymbol?.Name ?? "dynamic";
      return () => type;
    }
    if (e instanceof S.LiteralExpression || e instanceof S.DynamicExpression) {
      const v = this.literal(e);
      return () => v;
    }
    if (e instanceof S.NameReference) {
      const symbol = e.ReferencedSymbol;
      const name = e.SimpleName ?? "";
      if (symbol instanceof L.Symbols.ColumnSymbol || symbol === null) return (row) => row[name] ?? null;
      const binding = this.scope.get(symbol);
      if (binding && "scalar" in binding) {
        const v = binding.scalar;
        return () => v;
      }
      if (symbol instanceof L.Symbols.VariableSymbol) {
        for (let i = this.frames.length - 1; i >= 0; i--) {
          const arg = this.frames[i].get(name);
          if (arg) return arg;
        }
      }
      if (symbol instanceof L.Symbols.FunctionSymbol) return this.call(e, [], hook);
      this.unsupported(`reference to ${name}`, e);
    }
    if (e instanceof S.FunctionCallExpression) {
      const replaced = hook?.(e);
      if (replaced) return replaced;
      return this.call(e, elements(e.ArgumentList?.Expressions ?? null), hook);
    }
    if (e instanceof S.PrefixUnaryExpression) {
      const f = sub(e.Expression);
      const op = e.Operator?.Text;
      if (op === "-") return (row) => {
        const v = f(row);
        return typeof v === "number" ? -v : typeof v === "bigint" ? -v : null;
      };
      if (op === "+") return f;
      this.unsupported(`unary ${op}`, e);
    }
    if (e instanceof S.InExpression || e instanceof S.HasAnyExpression || e instanceof S.HasAllExpression) return this.inExpr(e, hook);
    if (e instanceof S.BetweenExpression) {
      const x = sub(e.Left);
      const lo = sub(e.Right?.First ?? null);
      const hi = sub(e.Right?.Second ?? null);
      const negate = (e.Operator?.Text ?? "").startsWith("!");
      return (row) => {
        const v = x(row);
        const a = lo(row);
        const b = hi(row);
        if (v === null || a === null || b === null) return null;
        const inside = compareValues(v, a) >= 0 && compareValues(v, b) <= 0;
        return negate ? !inside : inside;
      };
    }
    if (e instanceof S.BinaryExpression) return this.binary(e, hook);
    if (e instanceof S.PathExpression) {
      const base = sub(e.Expression);
      const key = e.Selector?.GetFirstToken()?.Text ?? "";
      const prop = key.startsWith("['") || key.startsWith('["') ? key.slice(2, -2) : key;
      return (row) => dynamicIndex(base(row), prop);
    }
    if (e instanceof S.ElementExpression) {
      const base = sub(e.Expression);
      const sel = e.Selector instanceof S.BracketedExpression ? sub(e.Selector.Expression) : sub(e.Selector);
      return (row) => dynamicIndex(base(row), sel(row));
    }
    if (e instanceof S.ToScalarExpression) {
      if (!e.Expression) this.unsupported("toscalar", e);
      const inner = e.Expression;
      let cached: { v: KqlValue } | undefined;
      return () => {
        if (!cached) {
          const t = this.tabular(inner);
          const first = t.rows[0];
          cached = { v: first && t.columns.length ? first[t.columns[0].name] ?? null : null };
        }
        return cached.v;
      };
    }
    this.unsupported(this.kindName(e), e);
  }

  private literal(e: Kusto.Language.Syntax.LiteralExpression | Kusto.Language.Syntax.DynamicExpression): KqlValue {
    const kind = this.kindName(e);
    const text = e.LiteralValueInfo?.ValueText ?? "";
    const isNull = text.trim() === "null";
    switch (kind) {
      case "StringLiteralExpression":
        return e.LiteralValueInfo?.Value === null ? "" : String(e.LiteralValueInfo?.Value ?? text);
      case "LongLiteralExpression":
      case "IntLiteralExpression":
        return isNull ? null : /^-?0x/i.test(text) ? Number.parseInt(text, 16) : Number(text);
      case "RealLiteralExpression":
      case "DecimalLiteralExpression": {
        if (isNull) return null;
        const t = text.trim().toLowerCase();
        return t === "nan" ? NaN : t === "+inf" || t === "inf" ? Infinity : t === "-inf" ? -Infinity : Number(t);
      }
      case "BooleanLiteralExpression":
        return isNull ? null : text.trim().toLowerCase() === "true";
      case "DateTimeLiteralExpression":
        return isNull ? null : parseDatetime(text) ?? this.unsupported(`datetime literal ${text}`, e);
      case "TimespanLiteralExpression":
        return isNull ? null : parseTimespan(text) ?? this.unsupported(`timespan literal ${text}`, e);
      case "GuidLiteralExpression":
        return isNull ? null : text;
      case "NullLiteralExpression":
        return null;
      case "DynamicExpression":
        return e instanceof this.S.DynamicExpression && e.Expression ? this.dynamicLiteral(e.Expression) : null;
      default:
        this.unsupported(kind, e);
    }
  }

  /** A user-defined function's parameters bound to the call's arguments, by name. */
  private frameFor(symbol: Kusto.Language.Symbols.FunctionSymbol, args: Scalar[], at: Node): Map<string, Scalar> {
    const signature = symbol.Signatures && symbol.Signatures.Count > 0 ? symbol.Signatures.getItem(0) : null;
    const params = signature?.Parameters;
    const frame = new Map<string, Scalar>();
    for (let i = 0; params && i < params.Count; i++) {
      const p = params.getItem(i);
      if (i >= args.length) this.unsupported(`default value of parameter ${p.Name ?? ""}`, at);
      frame.set(p.Name ?? "", args[i]);
    }
    return frame;
  }

  /** The parsed body of `dynamic(...)`: JSON with Kusto's extensions (single quotes, typed literals). */
  private dynamicLiteral(e: Expr): DynamicValue {
    const S = this.S;
    if (e instanceof S.JsonArrayExpression) return elements(e.Values).map((v) => this.dynamicLiteral(v));
    if (e instanceof S.JsonObjectExpression) {
      const bag: Record<string, DynamicValue> = {};
      for (const pair of elements(e.Pairs)) {
        const key = this.L.KustoFacts.GetStringLiteralValue(pair.Name?.Text ?? "") ?? "";
        if (pair.Value) bag[key] = this.dynamicLiteral(pair.Value);
      }
      return bag;
    }
    if (e instanceof S.PrefixUnaryExpression && e.Expression instanceof S.LiteralExpression) {
      const v = this.literal(e.Expression);
      return typeof v === "number" && e.Operator?.Text === "-" ? -v : asDynamic(v, this.typeName(e));
    }
    if (e instanceof S.LiteralExpression) return asDynamic(this.literal(e), this.typeName(e));
    this.unsupported(`${this.kindName(e)} in a dynamic literal`, e);
  }

  private call(e: Kusto.Language.Syntax.FunctionCallExpression | Kusto.Language.Syntax.NameReference, args: Expr[], hook?: (call: Kusto.Language.Syntax.FunctionCallExpression) => Scalar | undefined): Scalar {
    const name = (e instanceof this.S.FunctionCallExpression ? e.Name?.SimpleName : e.SimpleName) ?? "";
    const symbol = e.ReferencedSymbol;
    const body = symbol instanceof this.L.Symbols.FunctionSymbol ? e.GetExpansion() : null;
    if (body instanceof this.S.FunctionBody && symbol instanceof this.L.Symbols.FunctionSymbol) {
      if (elements(body.Statements).length > 0 || !body.Expression) this.unsupported(`function ${name}() with statements in its body`, e);
      this.frames.push(this.frameFor(symbol, args.map((a) => this.scalar(a, hook)), e));
      try {
        return this.scalar(body.Expression, hook);
      } finally {
        this.frames.pop();
      }
    }
    const impl = SCALAR_FUNCTIONS[name];
    if (!impl) this.unsupported(aggregateFactory(name) ? `aggregate ${name}() outside summarize` : `function ${name}()`, e);
    const compiled = args.map((a) => this.scalar(a, hook));
    const info: CallInfo = { argTypes: args.map((a) => this.typeName(a)), resultType: this.typeName(e), now: this.ctx.now };
    if (name === "datetime_diff") {
      const part = args[0] && this.isConstant(args[0]) ? String(compiled[0]({})).toLowerCase() : undefined;
      if (part !== undefined && !["year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"].includes(part)) this.unsupported(`datetime_diff part ${part}`, e);
    }
    const n = compiled.length;
    if (n === 0) return () => impl([], info);
    if (n === 1) {
      const [a] = compiled;
      return (row) => impl([a(row)], info);
    }
    if (n === 2) {
      const [a, b] = compiled;
      return (row) => impl([a(row), b(row)], info);
    }
    return (row) => impl(compiled.map((f) => f(row)), info);
  }

  private inExpr(e: Kusto.Language.Syntax.InExpression | Kusto.Language.Syntax.HasAnyExpression | Kusto.Language.Syntax.HasAllExpression, hook?: (call: Kusto.Language.Syntax.FunctionCallExpression) => Scalar | undefined): Scalar {
    const op = (e.Operator?.Text ?? "").toLowerCase();
    if (!e.Left) this.unsupported(op, e);
    const left = this.scalar(e.Left, hook);
    const items = elements(e.Right?.Expressions ?? null);
    const sources = items.map((item) => {
      if (this.isTabular(item)) {
        return () => {
          const t = this.tabular(item);
          const col = t.columns[0]?.name;
          return col === undefined ? [] : t.rows.map((r) => r[col] ?? null);
        };
      }
      const f = this.scalar(item, hook);
      return (row: Row): KqlValue[] => {
        const v = f(row);
        return Array.isArray(v) ? v : [v];
      };
    });
    const caseless = op.includes("~");
    const negate = op.startsWith("!");
    const norm = (v: KqlValue): string => (caseless ? keyOf(typeof v === "string" ? v.toLowerCase() : v) : keyOf(v));
    if (op === "has_any" || op === "has_all") {
      const has = STRING_OPERATORS.has;
      return (row) => {
        const l = kqlToString(left(row), this.typeName(e.Left));
        const needles = sources.flatMap((s) => s(row)).map((v) => kqlToString(v, "dynamic"));
        return op === "has_any" ? needles.some((n) => has(l, n)) : needles.every((n) => has(l, n));
      };
    }
    if (!["in", "!in", "in~", "!in~"].includes(op)) this.unsupported(op, e);
    const constant = items.every((i) => this.isConstant(i) || this.isTabular(i));
    let set: Set<string> | undefined;
    return (row) => {
      const v = left(row);
      if (!set || !constant) {
        set = new Set(sources.flatMap((s) => s(row)).map(norm));
      }
      const found = set.has(norm(v));
      return negate ? !found : found;
    };
  }

  private binary(e: Kusto.Language.Syntax.BinaryExpression, hook?: (call: Kusto.Language.Syntax.FunctionCallExpression) => Scalar | undefined): Scalar {
    const op = (e.Operator?.Text ?? "").toLowerCase();
    if (!e.Left || !e.Right) this.unsupported(op, e);
    const l = this.scalar(e.Left, hook);
    const r = this.scalar(e.Right, hook);
    const lt = this.typeName(e.Left);
    const rt = this.typeName(e.Right);
    const resultType = this.typeName(e);
    if (op === "and") return (row) => {
      const a = l(row);
      if (a === false) return false;
      const b = r(row);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    };
    if (op === "or") return (row) => {
      const a = l(row);
      if (a === true) return true;
      const b = r(row);
      if (b === true) return true;
      return a === null || b === null ? null : false;
    };
    const stringOp = STRING_OPERATORS[op];
    if (stringOp) return (row) => stringOp(kqlToString(l(row), lt), kqlToString(r(row), rt));
    if (op === "matches regex") {
      return (row) => new RegExp(kqlToString(r(row), rt)).test(kqlToString(l(row), lt));
    }
    if (op === "==" || op === "!=") {
      const neg = op === "!=";
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return lt === "string" && rt === "string" ? (a === b) !== neg : null;
        const eq = typeof a === "object" || typeof b === "object" ? JSON.stringify(a) === JSON.stringify(b) : a === b;
        return eq !== neg;
      };
    }
    if (op === "<" || op === "<=" || op === ">" || op === ">=") {
      const test = op === "<" ? (c: number) => c < 0 : op === "<=" ? (c: number) => c <= 0 : op === ">" ? (c: number) => c > 0 : (c: number) => c >= 0;
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return null;
        if (typeof a === "bigint" && typeof b === "string") return test(compareValues(a, toDatetime(b) ?? 0n));
        return test(compareValues(a, b));
      };
    }
    if (["+", "-", "*", "/", "%"].includes(op)) return this.arithmetic(op, l, r, lt, rt, resultType, e);
    this.unsupported(`operator ${op}`, e);
  }

  private arithmetic(op: string, l: Scalar, r: Scalar, lt: string, rt: string, resultType: string, e: Expr): Scalar {
    const integral = resultType === "int" || resultType === "long";
    const ticks = (t: string) => t === "datetime" || t === "timespan";
    if (ticks(lt) || ticks(rt)) {
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return null;
        if (typeof a === "bigint" && typeof b === "bigint") {
          if (op === "+") return a + b;
          if (op === "-") return a - b;
          if (op === "/") return b === 0n ? null : Number(a) / Number(b);
          if (op === "%") return b === 0n ? null : a % b;
        }
        if (typeof a === "bigint" && typeof b === "number") {
          if (op === "*") return BigInt(Math.round(Number(a) * b));
          if (op === "/") return b === 0 ? null : BigInt(Math.round(Number(a) / b));
        }
        if (typeof a === "number" && typeof b === "bigint" && op === "*") return BigInt(Math.round(a * Number(b)));
        return this.unsupported(`${lt} ${op} ${rt}`, e);
      };
    }
    return (row) => {
      const a = l(row);
      const b = r(row);
      if (typeof a !== "number" || typeof b !== "number") return null;
      switch (op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          // Kusto divides integers as integers, truncating toward zero.
          if (integral) return b === 0 ? null : Math.trunc(a / b);
          return a / b;
        default:
          if (integral) return b === 0 ? null : a % b;
          return a % b;
      }
    };
  }
}

/** A dynamic element as `to typeof(type)` or a datatable cell converts it. */
export function convertTo(v: KqlValue, type: string): KqlValue {
  if (v === null) return emptyOf(type);
  switch (type) {
    case "dynamic":
      return typeof v === "bigint" ? asDynamic(v, "datetime") : v;
    case "string":
      return kqlToString(v, typeof v === "bigint" ? "datetime" : "dynamic");
    case "datetime":
      return toDatetime(v);
    case "timespan":
      return toTimespan(v);
    case "int":
    case "long":
      return toInteger(v);
    case "real":
      return toNumber(v);
    case "bool": {
      const r = fromRaw(v, "bool");
      return "value" in r ? r.value : null;
    }
    default:
      return v;
  }
}

/**
 * mv-expand's `to typeof()`: "cast-only ... elements that don't conform with the declared type become
 * null". Datetimes inside dynamic values are ISO strings here, so a datetime cast reads them.
 */
function castTo(v: KqlValue, type: string): KqlValue {
  if (v === null) return emptyOf(type);
  switch (type) {
    case "int":
    case "long":
      return typeof v === "number" && Number.isInteger(v) ? v : null;
    case "real":
      return typeof v === "number" ? v : null;
    case "bool":
      return typeof v === "boolean" ? v : null;
    case "string":
      return typeof v === "string" ? v : null;
    case "datetime":
    case "timespan":
      return typeof v === "string" ? convertTo(v, type) : null;
    default:
      return convertTo(v, type);
  }
}

function asBig(v: KqlValue): bigint {
  return typeof v === "bigint" ? v : 0n;
}
