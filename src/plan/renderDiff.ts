import { Violation } from "../policy/types";
import { urnName } from "./digest";
import { ChangeKind, PlanDiff, ResourceChange } from "./diff";

const ORDER: ChangeKind[] = ["create", "update", "replace", "delete"];
const SIGN: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

const show = (v: unknown): string => (v === undefined ? "(none)" : JSON.stringify(v));

/*
 * Everything below that came from a plan (logical names, types, property paths, values, rule
 * messages, refs) is user-controlled: a newline, a backtick or `<!--` in a resource name could fake a
 * callout or hide the policy section of a PR comment, and an escape sequence could rewrite a terminal.
 * Each string is escaped for the context it lands in.
 */

/**
 * Control (Cc), format (Cf: bidi overrides, zero-width and tag characters, BOM) and line/paragraph
 * separator characters as visible `\u{...}` escapes: one line, shown as it is.
 */
export function oneLine(s: string): string {
  return s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

/**
 * Markdown prose inside a line (never at its start, so no block syntax can begin): the inline syntax
 * characters backslash-escaped (emphasis, code, links, tables, strikethrough, @mentions), and `<`, `>`,
 * `&` as entities, so no HTML, comment or autolink opens.
 */
export function mdText(s: string): string {
  return oneLine(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~@]/g, (c) => `\\${c}`);
}

/** A code span that no backtick inside can close: the fence is longer than the longest backtick run. */
export function mdCode(s: string, inTable = false): string {
  const text = oneLine(s);
  const fence = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  // GFM splits table rows on `|` before it sees code spans, so a pipe must be escaped even inside one.
  return `${fence}${pad}${inTable ? text.replace(/\|/g, "\\|") : text}${pad}${fence}`;
}

const cell = (v: unknown): string => mdCode(show(v), true);

export function summaryLine(d: PlanDiff): string {
  return `${d.summary.create} to create, ${d.summary.update} to update, ${d.summary.replace} to replace, ${d.summary.delete} to delete`;
}

function groups(d: PlanDiff): [string, ResourceChange[]][] {
  const by = new Map<string, ResourceChange[]>();
  for (const c of d.changes) by.set(c.component, [...(by.get(c.component) ?? []), c]);
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const violationLine = (v: Violation) => `${v.ruleId} on ${urnName(v.urn)}: ${v.message}${v.exception ? ` (excepted: ${v.exception})` : ""}`;
const mdViolation = (v: Violation) => `${mdText(v.ruleId)} on ${mdCode(urnName(v.urn))}: ${mdText(v.message)}${v.exception ? ` (excepted: ${mdText(v.exception)})` : ""}`;
const mandatoryNew = (d: PlanDiff) => d.introduced.filter((v) => v.enforcement === "mandatory" && v.exception === undefined);

/** What to run when a change must delete something a lock holds: Pulumi's state still lists the lock, so `up --refresh` recreates it. */
function liftLock(c: ResourceChange): string[] {
  const l = c.lockedBy;
  if (!l) return [];
  const lockId = `${l.scope}/providers/Microsoft.Authorization/locks/${l.lockName}`;
  return [
    `LOCKED: ${c.kind === "delete" ? "deleting" : "replacing"} ${c.name} (${c.type}) deletes it under the ${l.level} lock ${l.lockName}, which Azure refuses (ScopeLocked). Lift the lock first: az lock delete --ids "${lockId}", then pulumi up, then pulumi up --refresh to put the lock back`,
  ];
}

/** A secret delete a private vault's firewall refuses, and the two ways that work. */
function privateDelete(c: ResourceChange): string[] {
  if (!c.privateVault) return [];
  return [
    `PRIVATE VAULT: ${c.kind === "delete" ? "deleting" : "replacing"} ${c.name} deletes the secret through the data plane of ${c.privateVault}, which refuses public networks: run pulumi up from inside the VNet (a runner with access to the vault's private endpoint), or retire the secret instead: set enabled: false on its catalog entry (an ARM update), let it expire, and keep it in the catalog`,
  ];
}

function warnings(d: PlanDiff): string[] {
  return d.changes.flatMap((c) => [
    ...liftLock(c),
    ...privateDelete(c),
    ...(c.dataLoss ? [`DATA LOSS: ${c.kind === "delete" ? "deleting" : "replacing"} ${c.name} (${c.type}) destroys ${c.dataLoss}`] : []),
    ...(c.kind === "replace" && !c.dataLoss ? [`replace: Azure recreates ${c.name} (${c.type}) because ${c.properties.filter((p) => p.replaces).map((p) => `${p.path} changes (${p.replaces})`).join("; ")}`] : []),
  ]);
}

/** The diff for a pull-request comment. */
export function renderDiffMarkdown(d: PlanDiff, title: string): string {
  const lines = [`### ${mdText(title)}`, "", `**${summaryLine(d)}**`, ""];
  if (d.changes.length === 0) lines.push("No changes.", "");
  for (const w of warnings(d)) lines.push(w.startsWith("DATA LOSS") ? `> [!CAUTION]\n> **${mdText(w)}**` : `> [!WARNING]\n> ${mdText(w)}`, "");
  for (const [component, changes] of groups(d)) {
    lines.push(`#### ${component ? mdText(component) : "(stack)"}`, "");
    for (const c of [...changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.urn.localeCompare(b.urn))) {
      lines.push(`- **${c.kind}** ${mdCode(c.name)} (${mdCode(c.type)})`);
      if (c.properties.length === 0) continue;
      const rows = c.properties.map((p) => `| ${mdCode(p.path, true)} | ${cell(p.before)} | ${cell(p.after)} | ${p.replaces ? `forces replacement: ${mdText(p.replaces)}` : ""} |`);
      const table = ["  | property | before | after | |", "  |---|---|---|---|", ...rows.map((r) => `  ${r}`)];
      if (c.kind === "create") lines.push("  <details><summary>properties</summary>", "", ...table, "", "  </details>");
      else lines.push(...table);
    }
    lines.push("");
  }
  if (d.parameters.length > 0) {
    lines.push("#### Detection parameters", "", "Every saved query and alert that takes these parameters now runs with:", "");
    for (const p of d.parameters) {
      lines.push(`- ${mdCode(p.name)}: ${[...p.added.map((v) => `added ${mdCode(v)}`), ...p.removed.map((v) => `removed ${mdCode(v)}`)].join(", ")}`);
    }
    lines.push("");
  }
  lines.push("#### Policy", "");
  const fresh = mandatoryNew(d);
  if (d.introduced.length === 0 && d.fixed.length === 0) lines.push("No policy changes.");
  for (const v of d.introduced) lines.push(`- new ${v.exception ? "excepted" : v.enforcement} violation: ${mdViolation(v)}`);
  for (const v of d.fixed) lines.push(`- fixed: ${mdViolation(v)}`);
  if (fresh.length > 0) lines.push("", `**${fresh.length} new mandatory violation(s): this change must not be deployed as is.**`);
  return `${lines.join("\n")}\n`;
}

/** The same diff for a terminal. */
export function renderDiffText(d: PlanDiff, title: string): string {
  const lines = [oneLine(title), summaryLine(d), ""];
  if (d.changes.length === 0) lines.push("No changes.", "");
  for (const w of warnings(d)) lines.push(`!! ${oneLine(w)}`);
  if (warnings(d).length > 0) lines.push("");
  for (const [component, changes] of groups(d)) {
    lines.push(`${oneLine(component || "(stack)")}:`);
    for (const c of [...changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.urn.localeCompare(b.urn))) {
      lines.push(`  ${SIGN[c.kind].padEnd(2)} ${oneLine(c.name)} (${oneLine(c.type)})`);
      for (const p of c.properties) lines.push(`       ${oneLine(p.path)}: ${oneLine(show(p.before))} => ${oneLine(show(p.after))}${p.replaces ? `  [forces replacement: ${p.replaces}]` : ""}`);
    }
    lines.push("");
  }
  if (d.parameters.length > 0) {
    lines.push("Detection parameters:");
    for (const p of d.parameters) {
      for (const v of p.added) lines.push(`  + ${oneLine(p.name)}: ${oneLine(v)}`);
      for (const v of p.removed) lines.push(`  - ${oneLine(p.name)}: ${oneLine(v)}`);
    }
    lines.push("");
  }
  lines.push("Policy:");
  if (d.introduced.length === 0 && d.fixed.length === 0) lines.push("  no policy changes");
  for (const v of d.introduced) lines.push(`  new ${v.exception ? "excepted" : v.enforcement}: ${oneLine(violationLine(v))}`);
  for (const v of d.fixed) lines.push(`  fixed: ${oneLine(violationLine(v))}`);
  return `${lines.join("\n")}\n`;
}

export function hasNewMandatoryViolations(d: PlanDiff): boolean {
  return mandatoryNew(d).length > 0;
}
