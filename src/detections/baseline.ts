import { AlertDefinition } from "../kql/alerts";
import { KEY_VAULT_AUDIT_TABLE } from "../schema/keyVaultAuditLogs";
import { GENERATED_APPROVALS, generate } from "./generators";
import { deployedRule } from "./rule";
import { simulateAlert } from "./simulate";
import { StackDetections } from "./stacks";
import { isoDurationMs } from "./time";

/*
 * The benign baseline (as Sigma runs every rule over benign logs): a seeded working week of the
 * baseline-week generator, replayed through every alert in every stack's configuration, counting the
 * pages Azure would send. Goal: none; a page the baseline causes is a false positive to fix or to
 * document in the alert's test file.
 */

/** Monday 7 December 2026, 00:00 UTC: the week before it runs Monday to Sunday. */
export const BASELINE_END = Date.parse("2026-12-07T00:00:00Z");
const WEEK = 7 * 86_400_000;
/** The gateway's object id in the baseline's Key Vault records. */
export const BASELINE_GATEWAY_ID = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
/** How late records arrive: MCP records through the DCR within minutes, Key Vault audit records later. */
const DELAY_MS = { mcp: 2 * 60_000, keyVault: 6 * 60_000 };

/**
 * The pages the benign week sends per alert in each stack that deploys it, as measured by
 * test/detections/baseline.e2e.test.ts (which fails when a count changes) and shown in the README's
 * alert table. Every alert not listed sends none; each listed one says why in its test file.
 */
export const BASELINE_PAGES: Readonly<Record<string, number>> = {};

export interface BaselineWeek {
  tables: Record<string, Record<string, unknown>[]>;
  count: number;
}

/** Rules that look back 2 days need history before the week's first evaluation, as a live workspace has. */
const LEAD_IN = 2 * 86_400_000;

/** The week's records by table, and the two days before it (about 60,000 for the default 50 developers). */
export function baselineWeek(seed = 1): BaselineWeek {
  const tables: Record<string, Record<string, unknown>[]> = {};
  const records = generate("baseline-week", { from: -WEEK - LEAD_IN, to: 0, seed, gatewayObjectId: BASELINE_GATEWAY_ID }, { anchorMs: BASELINE_END });
  for (const g of records) (tables[g.table] ??= []).push(g.record);
  return { tables, count: records.length };
}

export interface BaselinePages {
  alert: string;
  stack: string;
  /** New alerts whose actions were sent; undefined when the rule is disabled in the stack. */
  pages?: number;
  /** The dimension values of each page, for a report. */
  pagedFor: string[];
}

/**
 * Replays the week through one alert as each stack deploys it, with the registry the generator assumes
 * (GENERATED_APPROVALS) and the baseline's gateway identity in place of the stack's. Stacks that deploy
 * the same rule share one replay.
 */
export function baselinePages(week: BaselineWeek, alert: AlertDefinition, stacks: readonly StackDetections[]): BaselinePages[] {
  const replays = new Map<string, { pages?: number; pagedFor: string[] }>();
  return stacks.map((stack) => {
    const parameters = { ...stack.parameters, ...GENERATED_APPROVALS, gatewayPrincipalIds: [BASELINE_GATEWAY_ID] };
    const rule = deployedRule(alert, stack.environment, parameters, stack.thresholds);
    const key = JSON.stringify({ query: rule.query, condition: rule.condition, schedule: rule.schedule });
    let replay = replays.get(key);
    if (!replay) {
      if (!rule.schedule.enabled) replay = { pagedFor: [] };
      else {
        const step = isoDurationMs(rule.schedule.evaluationFrequency);
        const sim = simulateAlert(rule, week.tables, {
          from: Math.ceil((BASELINE_END - WEEK + step) / step) * step,
          to: BASELINE_END,
          ingestionDelay: (_r, table) => (table === KEY_VAULT_AUDIT_TABLE ? DELAY_MS.keyVault : DELAY_MS.mcp),
        });
        const paged = sim.evaluations.flatMap((e) => e.series.filter((s) => s.state === "fired" && s.actions === "sent").map((s) => `${new Date(e.time).toISOString()} ${JSON.stringify(s.dimensions)}`));
        replay = { pages: paged.length, pagedFor: paged };
      }
      replays.set(key, replay);
    }
    return { alert: alert.name, stack: stack.stack, ...replay };
  });
}
