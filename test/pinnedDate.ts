/** The shipped stacks' secret expiries are checked against this date, so the suite does not age. */
export const TEST_TODAY = "2026-11-24";
