import { TEST_TODAY } from "./pinnedDate";

process.env.MCP_GUARD_TODAY = TEST_TODAY;
