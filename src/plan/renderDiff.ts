import { Violation } from "../policy/types";
import { urnName } from "./digest";
import { ChangeKind, PlanDiff, ResourceChange } from "./diff";

const ORDER: ChangeKind[] = ["create", "update", "replace", "delete"];
const SIGN: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

const show = (v: unknown): string => (v === undefined ? "(none)" : JSON.stringify(v));
/** A value inside a Markdown table cell: pipes would end the cell, backticks the code span. */
const cell = (v: unknown): string => `\`${show(v).replace(/\|/g, "\\|").replace(/`/g, "'")}\``;

export function summaryLine(d: PlanDiff): string {
  return `${d.summary.create} to create, ${d.summary.update} to update, ${d.summary.replace} to replace, ${d.summary.delete} to delete`;
}

function groups(d: PlanDiff): [string, ResourceChange[]][] {
  const by = new Map<string, ResourceChange[]>();
  for (const c of d.changes) by.set(c.component, [...(by.get(c.component) ?? []), c]);
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const violationLine = (v: Violation) => `${v.ruleId} on ${urnName(v.urn)}: ${v.message}${v.exception ? ` (excepted: ${v.exception})` : ""}`;
const mandatoryNew = (d: PlanDiff) => d.introduced.filter((v) => v.enforcement === "mandatory" && v.exception === undefined);

function warnings(d: PlanDiff): string[] {
  return d.changes.flatMap((c) => [
    ...(c.dataLoss ? [`DATA LOSS: ${c.kind === "delete" ? "deleting" : "replacing"} ${c.name} (${c.type}) destroys ${c.dataLoss}`] : []),
    ...(c.kind === "replace" && !c.dataLoss ? [`replace: Azure recreates ${c.name} (${c.type}) because ${c.properties.filter((p) => p.replaces).map((p) => `${p.path} changes (${p.replaces})`).join("; ")}`] : []),
  ]);
}

/** The diff for a pull-request comment. */
export function renderDiffMarkdown(d: PlanDiff, title: string): string {
  const lines = [`### ${title}`, "", `**${summaryLine(d)}**`, ""];
  if (d.changes.length === 0) lines.push("No changes.", "");
  for (const w of warnings(d)) lines.push(w.startsWith("DATA LOSS") ? `> [!CAUTION]\n> **${w}**` : `> [!WARNING]\n> ${w}`, "");
  for (const [component, changes] of groups(d)) {
    lines.push(`#### ${component || "(stack)"}`, "");
    for (const c of [...changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.urn.localeCompare(b.urn))) {
      lines.push(`- **${c.kind}** \`${c.name}\` (\`${c.type}\`)`);
      if (c.properties.length === 0) continue;
      const rows = c.properties.map((p) => `| \`${p.path}\` | ${cell(p.before)} | ${cell(p.after)} | ${p.replaces ? `forces replacement: ${p.replaces}` : ""} |`);
      const table = ["  | property | before | after | |", "  |---|---|---|---|", ...rows.map((r) => `  ${r}`)];
      if (c.kind === "create") lines.push("  <details><summary>properties</summary>", "", ...table, "", "  </details>");
      else lines.push(...table);
    }
    lines.push("");
  }
  lines.push("#### Policy", "");
  const fresh = mandatoryNew(d);
  if (d.introduced.length === 0 && d.fixed.length === 0) lines.push("No policy changes.");
  for (const v of d.introduced) lines.push(`- new ${v.exception ? "excepted" : v.enforcement} violation: ${violationLine(v)}`);
  for (const v of d.fixed) lines.push(`- fixed: ${violationLine(v)}`);
  if (fresh.length > 0) lines.push("", `**${fresh.length} new mandatory violation(s): this change must not be deployed as is.**`);
  return `${lines.join("\n")}\n`;
}

/** The same diff for a terminal. */
export function renderDiffText(d: PlanDiff, title: string): string {
  const lines = [title, summaryLine(d), ""];
  if (d.changes.length === 0) lines.push("No changes.", "");
  for (const w of warnings(d)) lines.push(`!! ${w}`);
  if (warnings(d).length > 0) lines.push("");
  for (const [component, changes] of groups(d)) {
    lines.push(`${component || "(stack)"}:`);
    for (const c of [...changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.urn.localeCompare(b.urn))) {
      lines.push(`  ${SIGN[c.kind].padEnd(2)} ${c.name} (${c.type})`);
      for (const p of c.properties) lines.push(`       ${p.path}: ${show(p.before)} => ${show(p.after)}${p.replaces ? `  [forces replacement: ${p.replaces}]` : ""}`);
    }
    lines.push("");
  }
  lines.push("Policy:");
  if (d.introduced.length === 0 && d.fixed.length === 0) lines.push("  no policy changes");
  for (const v of d.introduced) lines.push(`  new ${v.exception ? "excepted" : v.enforcement}: ${violationLine(v)}`);
  for (const v of d.fixed) lines.push(`  fixed: ${violationLine(v)}`);
  return `${lines.join("\n")}\n`;
}

export function hasNewMandatoryViolations(d: PlanDiff): boolean {
  return mandatoryNew(d).length > 0;
}
