import { CatalogQuery } from "./catalog";
import { QueryParameter, QueryParameterValues, renderQuery } from "./parameters";

/** One chart of the MCP workbook: a catalog query by name and how to draw it. */
export interface WorkbookPanel {
  query: string;
  visualization: "timechart" | "barchart" | "table" | "areachart";
  /** Share of the row the chart takes, in percent. @default "100" */
  width?: "50" | "100";
}

/** The MCP workbook's charts, in order; every query comes from queries/ and is checked like the rest. */
export const WORKBOOK_PANELS: readonly WorkbookPanel[] = [
  { query: "mcp-calls-over-time", visualization: "timechart", width: "100" },
  { query: "mcp-failures-over-time", visualization: "areachart", width: "50" },
  { query: "mcp-latency-percentiles", visualization: "timechart", width: "50" },
  { query: "mcp-top-users-and-tools", visualization: "table", width: "100" },
  { query: "mcp-user-request-series", visualization: "timechart", width: "100" },
];

/** Panels whose query is not in the catalog: each a message naming the query. */
export function workbookProblems(catalog: readonly CatalogQuery[], panels: readonly WorkbookPanel[] = WORKBOOK_PANELS): string[] {
  const names = new Set(catalog.map((q) => q.name));
  return panels.filter((p) => !names.has(p.query)).map((p) => `workbook: panel query ${p.query} is not in queries/ (queries/${p.query}.kql)`);
}

/** The parameters the panels' queries take: the workbook is unknown in a preview only if one of them is. */
export function workbookParameters(catalog: readonly CatalogQuery[], panels: readonly WorkbookPanel[] = WORKBOOK_PANELS): QueryParameter[] {
  const used = new Set(panels.flatMap((p) => catalog.find((q) => q.name === p.query)?.parameters ?? []));
  return [...used].sort();
}

/**
 * The workbook's serializedData (Azure Workbooks "Notebook/1.0" format), generated from the catalog so
 * no query is pasted twice: a title, then one KQL item per panel over the last day by default.
 */
export function workbookJson(catalog: readonly CatalogQuery[], values: QueryParameterValues, workspaceId: string, panels: readonly WorkbookPanel[] = WORKBOOK_PANELS): string {
  const byName = new Map(catalog.map((q) => [q.name, q]));
  const items = panels.map((panel) => {
    const q = byName.get(panel.query);
    if (!q) throw new Error(workbookProblems(catalog, [panel]).join("; "));
    return {
      type: 3,
      name: q.name,
      content: {
        version: "KqlItem/1.0",
        title: q.displayName,
        query: renderQuery(q.body, q.parameters, values),
        size: 0,
        timeContext: { durationMs: 86_400_000 },
        queryType: 0,
        resourceType: "microsoft.operationalinsights/workspaces",
        visualization: panel.visualization,
      },
      customWidth: panel.width ?? "100",
    };
  });
  return JSON.stringify({
    version: "Notebook/1.0",
    items: [
      { type: 1, name: "title", content: { json: "## MCP gateway activity\nEvery MCP call through the gateway, from `MCPServerLogs_CL` (mcp-guard). Queries come from the saved-query catalog." } },
      ...items,
    ],
    fallbackResourceIds: [workspaceId],
    $schema: "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
  });
}
