import { API_VERSION, Arm } from "./arm";

/** The EventData fields read here (activityLogs_API.json, 2015-04-01). */
interface EventData {
  caller?: string;
  eventTimestamp?: string;
  operationName?: { value?: string };
  status?: { value?: string };
  resourceId?: string;
}

export interface LastChange {
  caller: string;
  at: string;
  operation: string;
}

/** The activity log keeps 90 days (Learn: "Azure Monitor activity log", retention). */
const RETENTION_DAYS = 90;

/**
 * The last successful management-plane write or delete of a resource in the activity log: who and when.
 * Data-plane changes (`az keyvault secret set`) are not in the activity log; they are in the vault's AuditEvent logs.
 */
export async function lastChange(arm: Arm, resourceId: string, now: Date): Promise<LastChange | undefined> {
  const from = new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString();
  // $filter grammar of Activity Logs - List: a time range is required; resourceUri narrows it to one resource.
  const filter = `eventTimestamp ge '${from}' and eventTimestamp le '${now.toISOString()}' and resourceUri eq '${resourceId}'`;
  const events = await arm.list<EventData>(arm.sub("/providers/Microsoft.Insights/eventtypes/management/values"), API_VERSION.activityLogs, {
    $filter: filter,
    $select: "caller,eventTimestamp,operationName,status,resourceId",
  });
  const writes = events.filter((e) => e.status?.value === "Succeeded" && /\/(write|delete)$/i.test(e.operationName?.value ?? "") && e.eventTimestamp);
  writes.sort((a, b) => (b.eventTimestamp ?? "").localeCompare(a.eventTimestamp ?? ""));
  const last = writes[0];
  return last ? { caller: last.caller ?? "(unknown caller)", at: last.eventTimestamp ?? "", operation: last.operationName?.value ?? "" } : undefined;
}
