import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, LineCounter, Scalar } from "yaml";
import { z } from "zod";
import { Environment } from "../naming";
import { InputError } from "../errors";
import { CatalogQuery, dataFiles } from "./catalog";
import { PARAMETER_NAMES, QueryParameter } from "./parameters";
import { parsedOncePerText } from "../parseOnce";
import { parseYamlValue } from "../yamlFile";
import { enumValues } from "../enumValues";

/** Action groups an alert may page, by the name alert files use (an analyzer enum, as LockLevel). */
export const ActionGroupName = { SecurityTeam: "security-team", Oncall: "oncall" } as const;
export type ActionGroupName = (typeof ActionGroupName)[keyof typeof ActionGroupName];

/** How a rule compares its measure with the threshold (an analyzer enum). */
export const AlertOperator = { GreaterThan: "GreaterThan", GreaterThanOrEqual: "GreaterThanOrEqual", LessThan: "LessThan", LessThanOrEqual: "LessThanOrEqual", Equal: "Equal" } as const;
export type AlertOperator = (typeof AlertOperator)[keyof typeof AlertOperator];

/** How a measured column is aggregated per evaluation (an analyzer enum). */
export const AlertAggregation = { Count: "Count", Average: "Average", Minimum: "Minimum", Maximum: "Maximum", Total: "Total" } as const;
export type AlertAggregation = (typeof AlertAggregation)[keyof typeof AlertAggregation];

export const ACTION_GROUP_NAMES = enumValues(ActionGroupName);
export const OPERATORS = enumValues(AlertOperator);
export const AGGREGATIONS = enumValues(AlertAggregation);

/** ISO 8601 durations as alert rules take them (P1D, PT5M, P1DT12H), in minutes; undefined if malformed. */
export function durationMinutes(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return undefined;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** A wrong type says what it got, not "is required": a quoted threshold ("5") is there, only not a number. */
const typed = (what: string) => (i: { input?: unknown }) => (i.input === undefined ? "is required" : `${JSON.stringify(i.input) ?? String(i.input)} is not ${what}`);
const num = () => z.number({ error: typed("a number") });
const text = () => z.string({ error: typed("a string") });

const duration = (min: number, max: number, what: string) =>
  text().superRefine((v, ctx) => {
    const minutes = durationMinutes(v);
    if (minutes === undefined) ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not an ISO 8601 duration such as PT5M, PT1H or P1D` });
    else if (minutes < min || minutes > max) ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is out of range; allowed ${what}` });
  });

const FREQUENCY = duration(1, 1440, "PT1M to P1D");
const WINDOW = duration(1, 2880, "PT1M to P2D (the longest time range a log alert can query)");

const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (i) => (i.input === undefined ? "is required" : `${JSON.stringify(i.input)} is not allowed; allowed ${values.join(", ")}`) });

const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: (i) => (i.code === "unrecognized_keys" ? `unknown field ${i.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed ${Object.keys(shape).join(", ")}` : i.input === undefined ? "is required" : "is not a mapping") });

const override = strict({
  enabled: z.boolean({ error: typed("true or false") }).optional(),
  /** Why the rule is off in this environment: required with `enabled: false`, shown as a policy exception. */
  reason: z.string().trim().min(10, { error: "is too short; say why the rule is off here" }).max(200, { error: "is longer than 200 characters" }).optional(),
  threshold: num().optional(),
  severity: num().int().min(0).max(4).optional(),
  evaluationFrequency: FREQUENCY.optional(),
}).refine((o) => o.enabled !== false || o.reason !== undefined, { error: "enabled: false needs a reason (it becomes the rule's written policy exception)", path: ["reason"] });

/** One alerts/*.yaml file, as written. */
export const alertFileSchema = strict({
  name: text().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,259}$/, { error: "is not allowed; allowed letters, digits, _ . - (no ; since the rule has a managed identity)" }),
  description: text().trim().min(20, { error: "is too short; say what fired and what the responder does" }),
  severity: num().int().min(0, { error: "is out of range; allowed 0 (critical) to 4 (verbose)" }).max(4, { error: "is out of range; allowed 0 (critical) to 4 (verbose)" }),
  query: text().optional(),
  kql: text().optional(),
  parameters: z.array(enumOf(PARAMETER_NAMES)).optional(),
  evaluationFrequency: FREQUENCY,
  windowSize: WINDOW,
  measure: z.union([z.literal("rows"), strict({ column: text(), aggregation: enumOf(AGGREGATIONS) })], { error: 'is not allowed; allowed "rows" or {column, aggregation}' }),
  dimensions: z.array(text(), { error: typed("a list of column names") }).max(6, { error: "has more than 6 dimensions; each combination is billed as its own series" }).default([]),
  operator: enumOf(OPERATORS),
  threshold: num(),
  failingPeriods: strict({ evaluationPeriods: num().int().min(1).max(6), minFailing: num().int().min(1).max(6) }).optional(),
  autoMitigate: z.boolean({ error: typed("true or false") }).default(true),
  muteActionsDuration: WINDOW.optional(),
  actionGroups: z.array(enumOf(ACTION_GROUP_NAMES)).min(1, { error: "is empty; an alert nobody receives pages nobody" }),
  environments: strict({ dev: override.optional(), staging: override.optional(), prod: override.optional() }).optional(),
});
export type AlertFile = z.infer<typeof alertFileSchema>;

/** An alert as loaded: its file, its KQL resolved (inline or from the catalog) and where that KQL sits. */
export interface AlertDefinition extends AlertFile {
  file: string;
  /** The query text the rule runs, before parameters are declared. */
  queryText: string;
  parameters: QueryParameter[];
  /**
   * Maps an offset in queryText to `<file>:<line>:<col>`; undefined for catalog queries (located in
   * queries/), and it answers undefined where the file gives the KQL no position of its own (an alias).
   */
  locate?: (offset: number) => string | undefined;
}

/** The alert as one environment deploys it: overrides applied. */
export interface ResolvedAlert extends AlertDefinition {
  enabled: boolean;
  /** Why it is off here, when it is. */
  disabledReason?: string;
}

/** `thresholds`: a stack's own thresholds by alert name (stack config), over the file's and its environment's. */
export function resolveAlert(alert: AlertDefinition, env: Environment, thresholds: Readonly<Record<string, number>> = {}): ResolvedAlert {
  const o = alert.environments?.[env] ?? {};
  return {
    ...alert,
    enabled: o.enabled ?? true,
    ...(o.enabled === false && o.reason ? { disabledReason: `${env}: ${o.reason}` } : {}),
    threshold: thresholds[alert.name] ?? o.threshold ?? alert.threshold,
    severity: o.severity ?? alert.severity,
    evaluationFrequency: o.evaluationFrequency ?? alert.evaluationFrequency,
  };
}

/** Maps offsets in a YAML scalar's value back to file positions (exact for `|` blocks and one-line values). */
function locator(file: string, src: string, node: Scalar, lines: LineCounter): (offset: number) => string {
  const start = node.range?.[0] ?? 0;
  const at = lines.linePos(start);
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const firstContent = src.indexOf("\n", start) + 1;
  const indent = /^ */.exec(src.slice(firstContent))?.[0].length ?? 0;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  return (offset) => {
    const before = String(node.value).slice(0, offset).split("\n");
    const line = before.length;
    const col = before[before.length - 1].length + 1;
    return block ? `${file}:${at.line + line}:${indent + col}` : `${file}:${at.line}:${at.col + quoted + col - 1}`;
  };
}

/**
 * Parses one alert file: YAML errors and schema problems as `<file>: <field>: <problem>`, and the query
 * resolved from `kql` or from the catalog file `query` names.
 */
export function parseAlertFile(file: string, src: string, catalog: readonly CatalogQuery[]): { alert?: AlertDefinition; problems: string[] } {
  const { a, locate, problems: schemaProblems } = parseAlertYamlOnce(file, src);
  if (a === undefined) return { problems: schemaProblems };
  const problems: string[] = [];
  const stem = path.basename(file).replace(/\.ya?ml$/i, "");
  if (a.name !== stem) problems.push(`${file}: name: ${JSON.stringify(a.name)} must equal the file name ${JSON.stringify(stem)}`);
  if ((a.query === undefined) === (a.kql === undefined)) problems.push(`${file}: query: give exactly one of query (a queries/ file) or kql (inline)`);
  if (a.query !== undefined && a.parameters !== undefined) problems.push(`${file}: parameters: a catalog query declares its own @parameters; remove this field`);
  const fromCatalog = a.query === undefined ? undefined : catalog.find((q) => q.name === a.query);
  if (a.query !== undefined && !fromCatalog) problems.push(`${file}: query: ${JSON.stringify(a.query)} is not in queries/; allowed ${catalog.map((q) => q.name).join(", ")}`);
  if (problems.length > 0) return { problems };

  const alert: AlertDefinition = fromCatalog
    ? { ...a, file, queryText: fromCatalog.body, parameters: fromCatalog.parameters }
    : { ...a, file, queryText: a.kql ?? "", parameters: a.parameters ?? [], locate };
  return { alert, problems };
}

/** The part of parseAlertFile that does not depend on the catalog: the YAML and the schema. */
function parseAlertYaml(file: string, src: string): { a?: z.infer<typeof alertFileSchema>; locate?: (offset: number) => string | undefined; problems: string[] } {
  const yaml = parseYamlValue(file, src);
  if (yaml.problems.length > 0 || yaml.value === undefined) return { problems: yaml.problems.length > 0 ? yaml.problems : [`${file}: is empty`] };
  const parsed = alertFileSchema.safeParse(yaml.value);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join(".") || "(file)"}: ${i.message}`) };
  }
  if (parsed.data.kql === undefined) return { a: parsed.data, problems: [] };
  // Only an error in the inline query needs its position, and the value may come from the cache without
  // the document: the file is parsed again for that, once.
  let at: ((offset: number) => string) | null | undefined;
  const locate = (offset: number): string | undefined => {
    if (at === undefined) {
      const { doc, lines } = yaml.located();
      const node = doc && isMap(doc.contents) ? doc.contents.get("kql", true) : undefined;
      at = node instanceof Scalar ? locator(file, src, node, lines) : null;
    }
    return at?.(offset);
  };
  return { a: parsed.data, locate, problems: [] };
}

const parseAlertYamlOnce = parsedOncePerText(parseAlertYaml);

/** Loads every alerts/*.yaml in `dir`; throws InputError listing every problem of every file. */
export function loadAlertFiles(dir: string, catalog: readonly CatalogQuery[], label = "alerts"): AlertDefinition[] {
  const problems: string[] = [];
  const files = dataFiles(dir, /\.ya?ml$/i, label, problems);
  const alerts: AlertDefinition[] = [];
  for (const f of files) {
    const parsed = parseAlertFile(`${label}/${f}`, fs.readFileSync(path.join(dir, f), "utf8"), catalog);
    problems.push(...parsed.problems);
    if (parsed.alert) alerts.push(parsed.alert);
  }
  if (problems.length > 0) throw new InputError("invalid alert definitions", problems);
  return alerts;
}
