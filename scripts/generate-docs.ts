import * as fs from "node:fs";
import * as path from "node:path";
import { loadCheckedAlerts } from "../src/kql/alertLint";
import { AlertDefinition } from "../src/kql/alerts";
import { CatalogQuery, loadQueryCatalog } from "../src/kql/catalog";
import { schemaMarkdown } from "../src/schema/mcpServerLogs";

const ROOT = path.resolve(__dirname, "..");

/** Pages generated from the code's single sources of truth; test/docs.test.ts fails when one is stale. */
export const GENERATED_DOCS: Record<string, () => string> = {
  "docs/mcp-server-logs.md": schemaMarkdown,
};

const OPERATOR: Record<string, string> = { GreaterThan: ">", GreaterThanOrEqual: "≥", LessThan: "<", LessThanOrEqual: "≤", Equal: "=" };

export function queryTableRow(q: CatalogQuery): string {
  return `| [\`${q.name}\`](${q.file}) | ${q.category} | ${q.description} |`;
}

/** What an alert detects, its threshold, window and frequency, severity and who is paged. */
export function alertTableRow(a: AlertDefinition): string {
  const measure = a.measure === "rows" ? "result rows" : `${a.measure.aggregation} of ${a.measure.column}`;
  const per = a.dimensions.length > 0 ? ` per ${a.dimensions.join(", ")}` : "";
  const overrides = Object.entries(a.environments ?? {}).flatMap(([env, o]) => [
    ...(o?.enabled === false ? [`${env} off`] : []),
    ...(o?.threshold !== undefined ? [`${env} threshold ${o.threshold}`] : []),
  ]);
  const pages = [...a.actionGroups, ...(a.severity <= 1 && !a.actionGroups.includes("oncall") ? ["oncall (where configured)"] : [])].join(", ");
  const threshold = `${measure} ${OPERATOR[a.operator]} ${a.threshold}${per}${overrides.length > 0 ? ` (${overrides.join("; ")})` : ""}`;
  return `| [\`${a.name}\`](${a.file}) | ${a.description.split(". ")[0]}. | ${threshold} | ${a.windowSize} every ${a.evaluationFrequency} | ${a.severity} | ${pages} |`;
}

/** README sections between `<!-- name:start -->` and `<!-- name:end -->`, generated from queries/ and alerts/. */
export function readmeSections(root = ROOT): Record<string, string> {
  const queries = loadQueryCatalog(path.join(root, "queries"));
  const { alerts } = loadCheckedAlerts(path.join(root, "alerts"), queries);
  return {
    queries: ["| query | category | what it finds |", "|---|---|---|", ...queries.map(queryTableRow)].join("\n"),
    alerts: ["| alert | detects | fires when | window, evaluated | severity | pages |", "|---|---|---|---|---|---|", ...alerts.map(alertTableRow)].join("\n"),
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
  const readme = path.join(ROOT, "README.md");
  fs.writeFileSync(readme, renderReadme(fs.readFileSync(readme, "utf8"), readmeSections()));
  process.stdout.write("updated README.md (queries, alerts)\n");
}
