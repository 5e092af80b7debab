import { AlertDefinition } from "../../src/kql/alerts";
import { CatalogQuery } from "../../src/kql/catalog";
import { ALARM_FORMS } from "./alarmForms";
import { QUERY_PORTS } from "./queryPorts";

export const TABLE_START = "<!-- aws-ports:start (npm run docs -w aws writes this table; a test fails when it is stale) -->";
export const TABLE_END = "<!-- aws-ports:end -->";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

const FORM_NAMES: Record<string, string> = {
  metric: "metric filter (ServerName dimension) + one alarm per server",
  "log-alarm": "CloudWatch log alarm over a scheduled Logs Insights query",
  "secret-reads": "EventBridge rule on CloudTrail",
  none: "not expressed",
};

/** The README's tables: each catalog query's Logs Insights port, and each alert's CloudWatch form. */
export function portTables(catalog: readonly CatalogQuery[], alerts: readonly AlertDefinition[]): string {
  const queries = catalog.map((q) => {
    const port = QUERY_PORTS[q.name];
    return `| \`${q.name}\` | ${port.status} | ${port.queries?.({ approvedServers: [], approvedServerTools: [], approvedServerEndpoints: [] }).length ?? 0} | ${cell(port.note)} |`;
  });
  const rules = alerts.map((a) => {
    const form = ALARM_FORMS[a.name];
    const detail = form.kind === "none" ? form.reason : form.note;
    return `| \`${a.name}\` | ${FORM_NAMES[form.kind]} | ${a.threshold} / ${a.windowSize} every ${a.evaluationFrequency}, severity ${a.severity} | ${cell(detail)} |`;
  });
  return [
    TABLE_START,
    "",
    "| catalog query | Logs Insights | definitions | what differs |",
    "|---|---|---|---|",
    ...queries,
    "",
    "| alert | CloudWatch form | threshold / window, severity (from the YAML) | how, and the gap |",
    "|---|---|---|---|",
    ...rules,
    "",
    TABLE_END,
  ].join("\n");
}

/** `readme` with the tables between the markers replaced by `tables`; undefined when the markers are missing. */
export function withTables(readme: string, tables: string): string | undefined {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(0, start) + tables + readme.slice(end + TABLE_END.length);
}
