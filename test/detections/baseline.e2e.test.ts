import * as path from "node:path";
import { BASELINE_PAGES, BaselinePages, baselinePages, baselineWeek, BaselineWeek } from "../../src/detections/baseline";
import { projectStacks, stackDetections } from "../../src/detections/stacks";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { ROOT } from "../helpers";

/*
 * The benign week through every alert in every stack (slow: a week of 5-minute evaluations per rule,
 * and 2-day windows, so it runs with the e2e checks). Pages the baseline may cause, each documented in
 * the alert's test file and counted in BASELINE_PAGES (the README's table); every other alert must stay
 * silent all week.
 */

const alerts = loadAlertFiles(path.join(ROOT, "alerts"), loadQueryCatalog(path.join(ROOT, "queries")));
const stacks = projectStacks(ROOT).map((s) => stackDetections(ROOT, s));
let week: BaselineWeek;
const results: BaselinePages[] = [];

beforeAll(() => {
  week = baselineWeek();
});

afterAll(() => {
  const lines = results.map((r) => `${r.alert.padEnd(36)} ${r.stack.padEnd(8)} ${r.pages === undefined ? "disabled" : `${r.pages} pages`}`);
  console.log(`benign week (${week.count} records) through every alert:\n${lines.join("\n")}`);
});

describe("the benign baseline week", () => {
  it("is a working week: office hours, quiet weekends, CI at night, and no developer hour above 100 tool calls", () => {
    const mcp = week.tables.MCPServerLogs_CL;
    const hours = new Map<string, number>();
    for (const r of mcp) if (r.Operation === "tools/call" && !String(r.User).startsWith("svc-")) hours.set(`${r.User} ${String(r.TimeGenerated).slice(0, 13)}`, (hours.get(`${r.User} ${String(r.TimeGenerated).slice(0, 13)}`) ?? 0) + 1);
    const busiest = Math.max(...hours.values());
    console.log(`busiest developer hour: ${busiest} tool calls (alert-mcp-unusual-activity pages above 100)`);
    expect(busiest).toBeLessThan(100);
    const at = (r: Record<string, unknown>) => new Date(String(r.TimeGenerated));
    const weekday = mcp.filter((r) => at(r).getUTCDay() === 3).length;
    const sunday = mcp.filter((r) => at(r).getUTCDay() === 0).length;
    expect(sunday).toBeLessThan(weekday / 5);
    expect(mcp.filter((r) => String(r.User).startsWith("svc-ci") && at(r).getUTCHours() < 5).length).toBeGreaterThan(0);
    expect(new Set(mcp.map((r) => r.User)).size).toBe(53);
    expect(new Set(mcp.map((r) => r.ServerName)).size).toBe(4);
  });

  it.each(alerts.map((a) => [a.name, a] as const))("%s sends exactly its documented pages in every stack that runs it", (_name, alert) => {
    const pages = baselinePages(week, alert, stacks);
    results.push(...pages);
    const documented = BASELINE_PAGES[alert.name] ?? 0;
    for (const p of pages.filter((x) => x.pages !== undefined)) {
      expect({ stack: p.stack, pages: p.pages, firstPages: p.pages === documented ? [] : p.pagedFor.slice(0, 5) }).toEqual({ stack: p.stack, pages: documented, firstPages: [] });
    }
  }, 900_000);
});
