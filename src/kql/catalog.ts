import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { InputError } from "../errors";
import { parsedOncePerText } from "../parseOnce";
import { analyzeCached } from "./analysisCache";
import { lineCol } from "./kusto";
import { analysisPrefix, isQueryParameter, PARAMETER_NAMES, QueryParameter } from "./parameters";
import { AZURE_OWNED_TABLES } from "../schema/keyVaultAuditLogs";
import { WORKSPACE_FUNCTIONS, WORKSPACE_SCHEMA, WORKSPACE_TABLES } from "./workspaceSchema";
import { enumValues } from "../enumValues";

/** The saved-query categories Log Analytics shows; each catalog query files under one (an analyzer enum, as LockLevel). */
export const QueryCategory = { Security: "security", Audit: "audit", Monitor: "monitor" } as const;
export type QueryCategory = (typeof QueryCategory)[keyof typeof QueryCategory];
export const QUERY_CATEGORIES = enumValues(QueryCategory);

/** One query from queries/<name>.kql: metadata from its header comment, then the KQL. */
export interface CatalogQuery {
  /** The file name without .kql: the stable id every reference uses. */
  name: string;
  /** Path as reported in messages: `queries/<name>.kql`. */
  file: string;
  /** Title in Log Analytics' query list. */
  displayName: string;
  /** What the query finds. */
  description: string;
  /** Category it files under. */
  category: QueryCategory;
  /** Labels on the saved query. */
  tags: string[];
  /** Tables the query reads (a function counts as the tables it reads). */
  tables: string[];
  /** Stack values the query takes, declared with `let` before it. */
  parameters: QueryParameter[];
  /** The KQL after the header. */
  body: string;
  /** Offset of the body in the file, for located messages. */
  bodyOffset: number;
  /** The file's full text. */
  text: string;
}

const list = (allowed?: readonly string[]) =>
  z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(allowed ? z.string().refine((v) => allowed.includes(v), { error: (i) => `${JSON.stringify(i.input)} is not allowed; allowed ${allowed.join(", ")}` }) : z.string()));

const text = (max: number) => z.string().trim().min(1, { error: "is empty" }).max(max, { error: `is longer than ${max} characters` });

const KNOWN_TABLES = WORKSPACE_TABLES.map((t) => t.name);

/** The header's keys and what each may hold. */
const METADATA = {
  displayName: text(100),
  description: text(500),
  category: z.enum(QUERY_CATEGORIES, { error: (i) => `${JSON.stringify(i.input)} is not allowed; allowed ${QUERY_CATEGORIES.join(", ")}` }),
  tags: list(),
  tables: list(KNOWN_TABLES).refine((v) => v.length > 0, { error: "is empty; name the tables the query reads" }),
  parameters: list(PARAMETER_NAMES).optional(),
};
type MetadataKey = keyof typeof METADATA;
const isMetadataKey = (k: string): k is MetadataKey => Object.hasOwn(METADATA, k);

/**
 * Parses one query file. The header is the run of `//` lines at the top; lines of the form
 * `// @key: value` in it are metadata, others are prose. Problems are `<file>:<line>: <message>`.
 */
export function parseQueryFile(file: string, content: string): { query?: CatalogQuery; problems: string[] } {
  const lines = content.split("\n");
  const problems: string[] = [];
  const found = new Map<MetadataKey, { value: string; line: number }>();
  let i = 0;
  for (; i < lines.length && lines[i].trim().startsWith("//"); i++) {
    const m = /^\s*\/\/\s*@(\w+)\s*:(.*)$/.exec(lines[i]);
    if (!m) continue;
    const [, key, value] = m;
    if (!isMetadataKey(key)) problems.push(`${file}:${i + 1}: unknown metadata key @${key}; allowed ${Object.keys(METADATA).map((k) => `@${k}`).join(", ")}`);
    else if (found.has(key)) problems.push(`${file}:${i + 1}: @${key} is given twice (first on line ${found.get(key)?.line})`);
    else found.set(key, { value: value.trim(), line: i + 1 });
  }
  const parsed = z.object(METADATA).safeParse(Object.fromEntries([...found].map(([k, v]) => [k, v.value])));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const at = isMetadataKey(key) ? found.get(key) : undefined;
      problems.push(at ? `${file}:${at.line}: @${key}: ${issue.message}` : `${file}:1: missing metadata @${key}`);
    }
  }

  const bodyOffset = lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
  const body = content.slice(bodyOffset).trim();
  if (body.length === 0) problems.push(`${file}:${i + 1}: no query after the header`);
  if (problems.length > 0 || !parsed.success) return { problems };

  const metadata = parsed.data;
  return {
    problems,
    query: {
      name: path.basename(file).replace(/\.kql$/i, ""),
      file,
      displayName: metadata.displayName,
      description: metadata.description,
      category: metadata.category,
      tags: metadata.tags,
      tables: metadata.tables,
      parameters: (metadata.parameters ?? []).filter(isQueryParameter),
      body,
      bodyOffset: bodyOffset + (content.slice(bodyOffset).length - content.slice(bodyOffset).trimStart().length),
      text: content,
    },
  };
}

/**
 * Checks one query against the workspace schema as it will run (parameters declared): every analyzer
 * error as `<file>:<line>:<col>: <code> <message>`, and @tables against the tables it really reads.
 */
export function checkQuery(q: CatalogQuery): string[] {
  const prefix = analysisPrefix(q.parameters);
  const analysis = analyzeCached(prefix + q.body, WORKSPACE_SCHEMA);
  const problems = analysis.diagnostics
    .filter((d) => d.severity === "Error")
    .map((d) => {
      const { line, col } = lineCol(q.text, Math.max(0, d.start - prefix.length) + q.bodyOffset);
      return `${q.file}:${line}:${col}: ${d.code} ${d.message}`;
    });
  const read = new Set(analysis.referencedNames.filter((n) => KNOWN_TABLES.includes(n)));
  for (const fn of WORKSPACE_FUNCTIONS) if (analysis.referencedNames.includes(fn.name)) read.add(fn.body);
  const declared = new Set(q.tables);
  const missing = [...read].filter((t) => !declared.has(t));
  const extra = [...declared].filter((t) => !read.has(t));
  if (problems.length === 0 && (missing.length > 0 || extra.length > 0)) {
    problems.push(`${q.file}:1: @tables is ${q.tables.join(", ")}; the query reads ${[...read].sort().join(", ") || "no known table"}`);
  }
  for (const p of PARAMETER_NAMES) {
    if (!q.parameters.includes(p) && new RegExp(`\\b${p}\\b`).test(q.body)) problems.push(`${q.file}:1: the query uses ${p}; declare it with @parameters: ${p}`);
  }
  return problems;
}

/** The Azure-owned tables a query (parameters declared) reads, found by Microsoft's analyzer. */
export function azureOwnedTablesRead(kql: string): string[] {
  const names = analyzeCached(kql, WORKSPACE_SCHEMA).referencedNames;
  return AZURE_OWNED_TABLES.filter((t) => names.includes(t));
}

/**
 * The data files in `dir` whose names match `ext` (any case: `.KQL` and `.yml` are how people write
 * them), sorted; an entry with that name that is not a file is reported, not read.
 */
export function dataFiles(dir: string, ext: RegExp, label: string, problems: string[]): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => ext.test(e.name));
  for (const e of entries) if (!e.isFile()) problems.push(`${label}/${e.name}: is not a file (a directory or link named like one); rename or remove it`);
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

const parseQueryFileOnce = parsedOncePerText(parseQueryFile);

/** Loads and checks every queries/*.kql in `dir`; throws InputError listing every problem of every file. */
export function loadQueryCatalog(dir: string, label = "queries"): CatalogQuery[] {
  const problems: string[] = [];
  const files = dataFiles(dir, /\.kql$/i, label, problems);
  const queries: CatalogQuery[] = [];
  for (const f of files) {
    // Editors on Windows save CRLF; the analyzer and the located messages read LF.
    const parsed = parseQueryFileOnce(`${label}/${f}`, fs.readFileSync(path.join(dir, f), "utf8").replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"));
    problems.push(...parsed.problems);
    if (parsed.query) {
      const checked = checkQuery(parsed.query);
      problems.push(...checked);
      if (checked.length === 0) queries.push(parsed.query);
    }
  }
  if (files.length === 0) problems.push(`${label}: no .kql files`);
  if (problems.length > 0) throw new InputError("invalid query catalog", problems);
  return queries;
}
