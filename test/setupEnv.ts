// The shipped stacks' secret expiries are checked against this date, so the suite does not age.
process.env.MCP_GUARD_TODAY = "2026-11-24";
