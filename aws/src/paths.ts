import * as path from "node:path";

/**
 * The shared data the Azure package also reads: one copy in the repository root, never duplicated
 * here, so a reviewed server, an alert or a query reaches both clouds in the same change.
 */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const ALERTS_DIR = path.join(REPO_ROOT, "alerts");
export const QUERIES_DIR = path.join(REPO_ROOT, "queries");
export const SERVERS_DIR = path.join(REPO_ROOT, "servers");
export const STAGES_DIR = path.resolve(__dirname, "..", "stages");
