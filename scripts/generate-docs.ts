import * as fs from "node:fs";
import * as path from "node:path";
import { loadCheckedAlerts } from "../src/kql/alertLint";
import { BASELINE_PAGES } from "../src/detections/baseline";
import { loadDetectionTests } from "../src/detections/runner";
import { AlertDefinition } from "../src/kql/alerts";
import { CatalogQuery, loadQueryCatalog } from "../src/kql/catalog";
import { CHECKLIST } from "../src/policy/checklist";
import { ruleAnchor } from "../src/policy/docsUrl";
import { coverage } from "../src/policy/coverage";
import { ALL_RULES } from "../src/policy/rules";
import { STACK_RULES } from "../src/policy/stackRules";
import { schemaMarkdown } from "../src/schema/mcpServerLogs";
import { BASELINE_CONFIG_FILE, baselineConfigSource } from "./baselineConfig";
import { componentArgsMarkdown } from "./componentDocs";

const ROOT = path.resolve(__dirname, "..");

/** Pages generated from the code's single sources of truth; test/docs.test.ts fails when one is stale. */
export const GENERATED_DOCS: Record<string, () => string> = {
  "docs/mcp-server-logs.md": schemaMarkdown,
  "docs/policy.md": policyMarkdown,
};

/** Figures the README quotes: rules, checklist rows covered by a rule, rows otherwise handled. */
export function policyFigures() {
  const rows = coverage();
  return {
    rules: ALL_RULES.length + STACK_RULES.length,
    resourceRules: ALL_RULES.length,
    stackRules: STACK_RULES.length,
    rows: CHECKLIST.length,
    covered: rows.filter((r) => "rules" in r && r.rules.length > 0).length,
    otherwise: rows.filter((r) => "otherwise" in r).length,
  };
}

/** The coverage page: every checklist row with its rule, or how it is otherwise handled and why. */
export function policyMarkdown(): string {
  const rules = new Map([...ALL_RULES, ...STACK_RULES].map((r) => [r.id, r]));
  const f = policyFigures();
  const lines = [
    "# Policy coverage",
    "",
    "Generated from src/policy (rules, stack rules, checklist, coverage.ts) by `npm run docs`; do not edit by hand.",
    "",
    `${f.rules} rules (${f.resourceRules} on single resources, ${f.stackRules} on relations between resources). Of the ${f.rows} rows of the secure-default checklist, ${f.covered} are implemented by a rule of the same id and ${f.otherwise} are handled otherwise or not applicable, each with its reason.`,
    "",
  ];
  let section = "";
  for (const status of coverage()) {
    if (status.row.section !== section) {
      if (section !== "") lines.push("");
      section = status.row.section;
      lines.push(`## ${section}`, "", "| id | requirement | checklist | mcp-guard |", "|---|---|---|---|");
    }
    const rule = "rules" in status ? rules.get(status.row.id) : undefined;
    const stack = STACK_RULES.some((r) => r.id === status.row.id);
    const how = rule ? `rule ${rule.id}, ${rule.enforcement}, severity ${rule.severity}${stack ? ", on relations" : ""}` : "otherwise" in status ? status.otherwise : "NOT COVERED";
    const id = rule ? `<a id="${ruleAnchor(rule.id)}"></a>${status.row.id}` : status.row.id;
    lines.push(`| ${id} | ${status.row.requirement.replace(/\|/g, "\\|")} | ${status.row.severity} | ${how}${rule ? `. Fix: ${rule.remediation}` : ""} |`);
  }
  lines.push("", "## mcp-guard's own rules", "", "| id | title | enforcement | severity | fix |", "|---|---|---|---|---|");
  for (const r of [...ALL_RULES, ...STACK_RULES].filter((x) => !CHECKLIST.some((c) => c.id === x.id))) lines.push(`| <a id="${ruleAnchor(r.id)}"></a>${r.id} | ${r.title} | ${r.enforcement} | ${r.severity} | ${r.remediation} |`);
  return `${lines.join("\n")}\n`;
}

const OPERATOR: Record<string, string> = { GreaterThan: ">", GreaterThanOrEqual: "≥", LessThan: "<", LessThanOrEqual: "≤", Equal: "=" };

export function queryTableRow(q: CatalogQuery): string {
  return `| [\`${q.name}\`](${q.file}) | ${q.category} | ${q.description} |`;
}

/**
 * What an alert detects, its threshold, window and frequency, severity, who is paged, the test
 * scenarios that prove it (alerts/tests/) and the pages the benign week sends (BASELINE_PAGES).
 */
export function alertTableRow(a: AlertDefinition, scenarios: readonly string[] = []): string {
  const measure = a.measure === "rows" ? "result rows" : `${a.measure.aggregation} of ${a.measure.column}`;
  const per = a.dimensions.length > 0 ? ` per ${a.dimensions.join(", ")}` : "";
  const overrides = Object.entries(a.environments ?? {}).flatMap(([env, o]) => [
    ...(o?.enabled === false ? [`${env} off`] : []),
    ...(o?.threshold !== undefined ? [`${env} threshold ${o.threshold}`] : []),
  ]);
  const pages = [...a.actionGroups, ...(a.severity <= 1 && !a.actionGroups.includes("oncall") ? ["oncall (where configured)"] : [])].join(", ");
  const threshold = `${measure} ${OPERATOR[a.operator]} ${a.threshold}${per}${overrides.length > 0 ? ` (${overrides.join("; ")})` : ""}`;
  const proof = scenarios.length > 0 ? scenarios.join("; ") : "none";
  return `| [\`${a.name}\`](${a.file}) | ${a.description.split(". ")[0]}. | ${threshold} | ${a.windowSize} every ${a.evaluationFrequency} | ${a.severity} | ${pages} | ${proof} | ${BASELINE_PAGES[a.name] ?? 0} |`;
}

/** README sections between `<!-- name:start -->` and `<!-- name:end -->`, generated from queries/ and alerts/. */
export function readmeSections(root = ROOT): Record<string, string> {
  const queries = loadQueryCatalog(path.join(root, "queries"));
  const { alerts } = loadCheckedAlerts(path.join(root, "alerts"), queries);
  const loaded = loadDetectionTests(root);
  return {
    queries: ["| query | category | what it finds |", "|---|---|---|", ...queries.map(queryTableRow)].join("\n"),
    alerts: [
      "| alert | detects | fires when | window, evaluated | severity | pages | proven by (alerts/tests/) | benign-week pages |",
      "|---|---|---|---|---|---|---|---|",
      ...alerts.map((a) => alertTableRow(a, loaded.alertFiles.find((f) => f.alert.name === a.name)?.file.tests.map((t) => t.name))),
    ].join("\n"),
    "component-args": componentArgsMarkdown(root),
  };
}

/** The README with each generated section replaced by its current content. */
export function renderReadme(readme: string, sections: Record<string, string>): string {
  return Object.entries(sections).reduce((text, [name, body]) => {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} section`);
    return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
  }, readme);
}

if (require.main === module) {
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), render());
    process.stdout.write(`wrote ${file}\n`);
  }
  fs.writeFileSync(BASELINE_CONFIG_FILE, baselineConfigSource());
  process.stdout.write(`wrote ${path.relative(ROOT, BASELINE_CONFIG_FILE)}\n`);
  const readme = path.join(ROOT, "README.md");
  fs.writeFileSync(readme, renderReadme(fs.readFileSync(readme, "utf8"), readmeSections()));
  process.stdout.write("updated README.md (queries, alerts, component args)\n");
}
