import { PolicyRule } from "../types";

/** Every rule mcp-guard enforces, one file each; the plan, the diff and the CrossGuard pack all read this list. */
export const ALL_RULES: readonly PolicyRule[] = [];
