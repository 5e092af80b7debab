import { ampls05ScopedResources } from "./ampls05ScopedResources";
import { auth04EveryAppBehindAuth } from "./auth04EveryAppBehindAuth";
import { dcr06SameRegion } from "./dcr06SameRegion";
import { kv10VaultAuditLogs } from "./kv10VaultAuditLogs";
import { law07WorkspaceQueryAudit } from "./law07WorkspaceQueryAudit";
import { pe02ZoneGroup } from "./pe02ZoneGroup";
import { rel01AlertsPageDeployedGroups } from "./rel01AlertsPageDeployedGroups";

/** The relation rules, without the coverage rule that counts what they cover. */
export const RELATION_RULES = [kv10VaultAuditLogs, law07WorkspaceQueryAudit, pe02ZoneGroup, ampls05ScopedResources, dcr06SameRegion, rel01AlertsPageDeployedGroups, auth04EveryAppBehindAuth];

export const STACK_RULE_TYPES: readonly string[] = RELATION_RULES.flatMap((r) => r.resourceTypes);
