import { Document, LineCounter, parseAllDocuments } from "yaml";

/**
 * Every YAML file mcp-guard reads (Pulumi.yaml, stack files, alerts, suppressions) goes through here,
 * with one option set, so a hostile or careless file gets a one-line `<file>:<line>:<col>: <problem>`
 * instead of a stack trace or a silently different value:
 * - duplicate keys are errors (`uniqueKeys`), as in the Go YAML library the Pulumi CLI reads stack files
 *   with; the last one winning would hide the first from a reviewer;
 * - aliases expand at most MAX_ALIASES times (a "billion laughs" file otherwise takes the process down);
 * - one document per file: Pulumi reads only the first, so a second `---` would be invisible config;
 * - YAML 1.2 core schema without merge keys: `yes`/`no` stay strings, as in the Pulumi CLI.
 */
export const MAX_ALIASES = 100;

export interface ParsedYaml {
  /** Undefined when there are problems. */
  doc?: Document.Parsed;
  value?: unknown;
  lines: LineCounter;
  problems: string[];
}

export function parseYaml(file: string, src: string): ParsedYaml {
  const lines = new LineCounter();
  const docs = parseAllDocuments(src.replace(/^\uFEFF/, ""), { lineCounter: lines, uniqueKeys: true, strict: true, merge: false, version: "1.2", prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) return { lines, problems: [`${file}: holds ${list.length} YAML documents (---); allowed one, since only the first would be read`] };
  const doc = list[0];
  if (doc === undefined) return { lines, value: undefined, problems: [] };
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    return { lines, problems: errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`) };
  }
  try {
    return { doc, lines, value: doc.toJS({ maxAliasCount: MAX_ALIASES }), problems: [] };
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    return { lines, problems: [`${file}: ${/alias/i.test(message) ? `expands aliases more than ${MAX_ALIASES} times; write the values out` : message}`] };
  }
}
