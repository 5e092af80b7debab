import { isCalendarDate } from "./configSchema";
import { ConfigError } from "./errors";

/**
 * The date secret expiries are checked against: today, or MCP_GUARD_TODAY (YYYY-MM-DD) so CI and tests
 * plan reproducibly.
 */
export function today(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.MCP_GUARD_TODAY;
  if (pinned !== undefined) {
    const t = Date.parse(`${pinned}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || !isCalendarDate(pinned)) throw new ConfigError([`MCP_GUARD_TODAY: ${JSON.stringify(pinned)} is not a calendar date; allowed YYYY-MM-DD`]);
    return new Date(t);
  }
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
