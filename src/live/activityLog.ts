import { API_VERSION, Arm, field } from "./arm";

/** The EventData fields read here (activityLogs_API.json, 2015-04-01): caller, eventTimestamp, operationName.value, status.value. */
interface EventData {
  caller: string;
  eventTimestamp: string;
  operation: string;
  status: string;
}

function eventData(v: unknown): EventData {
  const s = (x: unknown) => (typeof x === "string" ? x : "");
  return { caller: s(field(v, "caller")), eventTimestamp: s(field(v, "eventTimestamp")), operation: s(field(field(v, "operationName"), "value")), status: s(field(field(v, "status"), "value")) };
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
  const events = (await arm.list(arm.sub("/providers/Microsoft.Insights/eventtypes/management/values"), API_VERSION.activityLogs, {
    $filter: filter,
    $select: "caller,eventTimestamp,operationName,status,resourceId",
  })).map(eventData);
  const writes = events.filter((e) => e.status === "Succeeded" && /\/(write|delete)$/i.test(e.operation) && e.eventTimestamp);
  writes.sort((a, b) => b.eventTimestamp.localeCompare(a.eventTimestamp));
  const last = writes[0];
  return last ? { caller: last.caller || "(unknown caller)", at: last.eventTimestamp, operation: last.operation } : undefined;
}
