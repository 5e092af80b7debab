import * as fs from "node:fs";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { AccessToken, TokenCredential } from "@azure/identity";
import { ArmConnection } from "../../src/live/arm";
import { plannedLive } from "../../src/live/estate";
import { isRecord, isSecret, PreviewDigest } from "../../src/plan/digest";
import { OFFLINE_SUBSCRIPTION_ID, OFFLINE_TENANT_ID } from "../../src/plan/mocks";

/*
 * Azure Resource Manager on 127.0.0.1 over HTTPS, answering in the shapes of the api-versions the live
 * commands call. Bodies follow the examples in Azure/azure-rest-api-specs, restated with this project's values:
 * - keyvault stable/2024-11-01/examples/getVault.json, listSecrets.json (epoch-second attributes, no values)
 * - monitor preview/2024-10-01-preview/examples/getActionGroup.json (receiver `status`),
 *   postTestNotificationsAtActionGroupResourceLevel.json (202 + location to notificationStatus/{id}) and
 *   getTestNotificationsAtActionGroupResourceLevel.json (PascalCase actionDetails)
 * - monitor preview/2025-01-01-preview/examples/listScheduledQueryRulesByResourceGroup.json (lower-case ids)
 * - monitor stable/2022-06-01 getDataCollectionRule/Endpoint, preview/2021-05-01-preview getDiagnosticSetting,
 *   preview/2023-06-01-preview privateLinkScopesGet / privateLinkScopedResourceGet (provisioningState)
 * - monitor stable/2015-04-01/examples/GetActivityLogsFiltered.json (EventData, nextLink paging)
 * Errors use ARM's `{ "error": { "code", "message" } }` envelope; 403 is AuthorizationFailed's wording.
 */

/**
 * An identity as ARM answers it (scheduledQueryRule_API.json 2025-01-01-preview, Identity): a system
 * identity's principal and tenant, and user-assigned identities as a map of resource id to their ids,
 * where Pulumi's input lists the resource ids.
 */
function armIdentity(identity: Record<string, unknown>): Record<string, unknown> {
  const users = list(identity.userAssignedIdentities).map(String);
  if (users.length > 0) {
    return { ...identity, userAssignedIdentities: Object.fromEntries(users.map((id) => [id, { principalId: "3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d", clientId: "5d7f9b1c-3e4a-4c6d-8e0f-4a6c8e0a2b3d" }])) };
  }
  return { ...identity, principalId: "3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d", tenantId: LIVE_TENANT };
}

export const LIVE_SUBSCRIPTION = "6d3f1a2b-8c4e-4f5a-9b7c-1d2e3f4a5b6c";
export const LIVE_TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const TOKEN = "test-token-not-a-secret";
export const tls = (f: string) => fs.readFileSync(path.join(__dirname, "../fixtures/tls", f));

export interface Received {
  method: string;
  path: string;
  apiVersion: string | null;
  authorization?: string;
  body?: unknown;
  at: number;
}

export interface ActivityEvent {
  resourceId: string;
  caller: string;
  eventTimestamp: string;
  operation: string;
}

export interface NotificationResult {
  /** Status per receiver name; receivers not listed complete. */
  statuses?: Record<string, { status: string; detail?: string }>;
  /** 202s before the 200. */
  pending?: number;
}

/** api-version each provider path must carry, as ARM rejects any other. */
const API_VERSIONS: [RegExp, string][] = [
  [/\/providers\/microsoft\.keyvault\//, "2024-11-01"],
  [/\/providers\/microsoft\.insights\/diagnosticsettings/, "2021-05-01-preview"],
  [/\/providers\/microsoft\.insights\/actiongroups/, "2024-10-01-preview"],
  [/\/providers\/microsoft\.insights\/scheduledqueryrules/, "2025-01-01-preview"],
  [/\/providers\/microsoft\.insights\/datacollection/, "2022-06-01"],
  [/\/providers\/microsoft\.insights\/privatelinkscopes/, "2023-06-01-preview"],
  [/\/providers\/microsoft\.insights\/eventtypes\/management\/values/, "2015-04-01"],
];

const toLive = (v: unknown): unknown => {
  if (typeof v === "string") return v.split(OFFLINE_SUBSCRIPTION_ID).join(LIVE_SUBSCRIPTION).split(OFFLINE_TENANT_ID).join(LIVE_TENANT);
  if (Array.isArray(v)) return v.map(toLive);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toLive(x)]));
  return v;
};

const str = (v: unknown) => (typeof v === "string" ? v : "");
const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const RECEIVERS = ["emailReceivers", "smsReceivers", "webhookReceivers", "itsmReceivers", "azureAppPushReceivers", "automationRunbookReceivers", "voiceReceivers", "logicAppReceivers", "azureFunctionReceivers", "armRoleReceivers", "eventHubReceivers", "incidentReceivers"];

/** What `pulumi up` of this plan leaves in Azure, as ARM answers a GET: the wire body per ARM id (lower case). */
export function deployedFrom(plan: PreviewDigest): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const sub = `/subscriptions/${LIVE_SUBSCRIPTION}`;
  const put = (id: string, body: Record<string, unknown>) => out.set(id.toLowerCase(), toLive({ id, ...body }) as Record<string, unknown>);
  for (const s of plannedLive(plan)) {
    const i = s.inputs;
    const rg = `${sub}/resourceGroups/${str(i.resourceGroupName)}`;
    const tags = i.tags ?? {};
    switch (s.type) {
      case "azure-native:keyvault:Vault": {
        const name = str(i.vaultName);
        put(`${rg}/providers/Microsoft.KeyVault/vaults/${name}`, {
          name,
          type: "Microsoft.KeyVault/vaults",
          location: i.location,
          tags,
          systemData: { createdBy: "deployer@contoso.com", createdByType: "User", createdAt: "2026-11-02T09:00:00.0000000Z", lastModifiedBy: "deployer@contoso.com", lastModifiedByType: "User", lastModifiedAt: "2026-11-02T09:00:00.0000000Z" },
          properties: { ...rec(i.properties), vaultUri: `https://${name}.vault.azure.net`, provisioningState: "Succeeded" },
        });
        break;
      }
      case "azure-native:keyvault:Secret": {
        const p = rec(i.properties);
        const a = rec(p.attributes);
        const vault = str(i.vaultName);
        const name = str(i.secretName);
        put(`${rg}/providers/Microsoft.KeyVault/vaults/${vault}/secrets/${name}`, {
          name,
          type: "Microsoft.KeyVault/vaults/secrets",
          location: "westeurope",
          tags,
          properties: {
            contentType: p.contentType,
            attributes: { enabled: a.enabled, ...(a.expires ? { exp: a.expires } : {}), created: 1793606400, updated: 1793606400 },
            secretUri: `https://${vault}.vault.azure.net/secrets/${name}`,
            secretUriWithVersion: `https://${vault}.vault.azure.net/secrets/${name}/40af42fbc10047f8a756a73211492f56`,
          },
        });
        break;
      }
      case "azure-native:monitor:ActionGroup": {
        const name = str(i.actionGroupName);
        const receivers = Object.fromEntries(
          RECEIVERS.map((k) => [k, list(i[k]).map((r) => (k === "emailReceivers" ? { ...rec(r), status: "Enabled" } : k === "webhookReceivers" && isSecret(rec(r).serviceUri) ? { ...rec(r), serviceUri: "https://hooks.contoso.com/pager" } : r))]),
        );
        // getActionGroup.json: microsoft.insights in the id, location "Global".
        put(`${rg}/providers/microsoft.insights/actionGroups/${name}`, { type: "Microsoft.Insights/ActionGroups", name, location: "Global", tags, properties: { groupShortName: i.groupShortName, enabled: i.enabled, ...receivers } });
        break;
      }
      case "azure-native:monitor:ScheduledQueryRule": {
        const name = str(i.ruleName);
        const { ruleName, resourceGroupName, location, tags: _t, kind, identity, ...properties } = i;
        void ruleName;
        void resourceGroupName;
        void _t;
        put(`${rg.replace("/resourceGroups/", "/resourcegroups/")}/providers/microsoft.insights/scheduledqueryrules/${name}`, {
          name,
          type: "microsoft.insights/scheduledqueryrules",
          location,
          tags,
          kind,
          ...(isRecord(identity) ? { identity: armIdentity(identity) } : {}),
          properties: { ...properties, isWorkspaceAlertsStorageConfigured: false },
        });
        break;
      }
      case "azure-native:monitor:DataCollectionEndpoint": {
        const name = str(i.dataCollectionEndpointName);
        put(`${rg}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`, {
          name,
          type: "Microsoft.Insights/dataCollectionEndpoints",
          location: i.location,
          tags,
          properties: { description: i.description, immutableId: "dce-0a1b2c3d4e5f60718293a4b5c6d7e8f9", configurationAccess: { endpoint: `https://${name}-a1b2.westeurope-1.handler.control.monitor.azure.com` }, logsIngestion: { endpoint: `https://${name}-a1b2.westeurope-1.ingest.monitor.azure.com` }, networkAcls: i.networkAcls, provisioningState: "Succeeded" },
        });
        break;
      }
      case "azure-native:monitor:DataCollectionRule": {
        const name = str(i.dataCollectionRuleName);
        const d = rec(i.destinations);
        put(`${rg}/providers/Microsoft.Insights/dataCollectionRules/${name}`, {
          name,
          type: "Microsoft.Insights/dataCollectionRules",
          location: i.location,
          tags,
          properties: {
            description: i.description,
            immutableId: "dcr-d2a09de9d5a94ce7b8d5e9e0a4d1f2c3",
            dataCollectionEndpointId: i.dataCollectionEndpointId,
            streamDeclarations: i.streamDeclarations,
            destinations: { ...d, logAnalytics: list(d.logAnalytics).map((l) => ({ ...rec(l), workspaceId: "9d2b0f46-2e8c-4c7a-b1f3-5a6d7e8f9a0b" })) },
            dataFlows: i.dataFlows,
            provisioningState: "Succeeded",
          },
        });
        break;
      }
      case "azure-native:monitor:PrivateLinkScope": {
        const name = str(i.scopeName);
        put(`${rg}/providers/microsoft.insights/privateLinkScopes/${name}`, { name, type: "Microsoft.Insights/privateLinkScopes", location: i.location, tags, properties: { accessModeSettings: i.accessModeSettings, provisioningState: "Succeeded", privateEndpointConnections: [] } });
        break;
      }
      case "azure-native:monitor:PrivateLinkScopedResource": {
        const name = str(i.name);
        put(`${rg}/providers/microsoft.insights/privateLinkScopes/${str(i.scopeName)}/scopedResources/${name}`, { name, type: "Microsoft.Insights/privateLinkScopes/scopedResources", properties: { linkedResourceId: i.linkedResourceId, provisioningState: "Succeeded" } });
        break;
      }
      case "azure-native:monitor:DiagnosticSetting": {
        const name = str(i.name);
        const uri = str(toLive(i.resourceUri));
        // getDiagnosticSetting.json: every category echoes a disabled retentionPolicy.
        const withRetention = (e: unknown) => ({ category: null, categoryGroup: null, ...rec(e), retentionPolicy: { enabled: false, days: 0 } });
        put(`${uri}/providers/microsoft.insights/diagnosticSettings/${name}`, {
          name,
          type: "Microsoft.Insights/diagnosticSettings",
          properties: { workspaceId: i.workspaceId, logAnalyticsDestinationType: i.logAnalyticsDestinationType ?? null, logs: list(i.logs).map(withRetention), metrics: list(i.metrics).map(withRetention) },
        });
        break;
      }
    }
  }
  return out;
}

export interface FakeArm {
  url: string;
  connection: ArmConnection;
  resources: Map<string, Record<string, unknown>>;
  received: Received[];
  activity: ActivityEvent[];
  notifications: Map<string, NotificationResult>;
  /** Answer 429 with Retry-After (seconds) to the next `times` requests whose path matches. */
  throttle(match: RegExp, retryAfter: number, times?: number): void;
  /** Answer 403 AuthorizationFailed to requests whose path matches. */
  deny(match: RegExp, action: string): void;
  /** A resource's wire body, to edit (as the portal would). */
  body(idEnd: string): Record<string, unknown>;
  close(): Promise<void>;
}

export const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export async function fakeArm(plan: PreviewDigest, pageSize = 3): Promise<FakeArm> {
  const resources = deployedFrom(plan);
  const received: Received[] = [];
  const activity: ActivityEvent[] = [];
  const notifications = new Map<string, NotificationResult>();
  const throttles: { match: RegExp; retryAfter: number; times: number }[] = [];
  const denials: { match: RegExp; action: string }[] = [];
  const polls = new Map<string, { group: string; left: number; receivers: { kind: string; name: string }[] }>();
  let base = "";
  let nextNotification = 11000222191287;

  const server = https.createServer({ key: tls("localhost.key.pem"), cert: tls("localhost.cert.pem") }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", base);
      const p = decodeURIComponent(url.pathname);
      const lower = p.toLowerCase();
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", path: p, apiVersion: url.searchParams.get("api-version"), authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined, at: Date.now() });
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": "7b4c1c1e-0000-4000-8000-000000000000", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => send(status, { error: { code, message } }, headers);

      if (req.headers.authorization !== `Bearer ${TOKEN}`) return error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
      const t = throttles.find((x) => x.match.test(p) && x.times > 0);
      if (t) {
        t.times--;
        return error(429, "TooManyRequests", "The request is being throttled.", { "retry-after": String(t.retryAfter) });
      }
      const d = denials.find((x) => x.match.test(p));
      if (d) {
        return error(403, "AuthorizationFailed", `The client 'ops@contoso.com' with object id '2f0c9a1e-0000-4000-8000-00000000a11c' does not have authorization to perform action '${d.action}' over scope '${p}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
      }
      // An extension resource (a diagnostic setting on a vault) takes the api-version of its own provider: the last one in the path.
      const own = lower.slice(lower.lastIndexOf("/providers/"));
      const want = API_VERSIONS.find(([re]) => re.test(own))?.[1];
      if (want && url.searchParams.get("api-version") !== want) return error(400, "InvalidApiVersionParameter", `The api-version '${url.searchParams.get("api-version")}' is invalid for this resource type; this server answers '${want}'.`);

      // Action group test notifications: 202 + Location, then the status resource.
      const post = /^(.*\/actiongroups\/([^/]+))\/createnotifications$/.exec(lower);
      if (req.method === "POST" && post) {
        const group = resources.get(post[1]);
        if (!group) return error(404, "ResourceNotFound", `The Resource '${p}' was not found.`);
        const request = rec(JSON.parse(text));
        const id = String(nextNotification++);
        const receivers = RECEIVERS.flatMap((k) => list(request[k]).map((r) => ({ kind: k, name: str(rec(r).name) })));
        polls.set(id, { group: post[1], left: notifications.get(str(group.name))?.pending ?? 1, receivers });
        return send(202, undefined, { location: `${base}${p.replace(/\/createNotifications$/i, "")}/notificationStatus/${id}?api-version=2024-10-01-preview` });
      }
      const poll = /\/actiongroups\/([^/]+)\/notificationstatus\/([^/]+)$/.exec(lower);
      if (req.method === "GET" && poll) {
        const state = polls.get(poll[2]);
        if (!state) return error(404, "NotFound", "notification not found");
        if (state.left-- > 0) return send(202, undefined, { location: `${base}${p}?api-version=2024-10-01-preview`, "retry-after": "0" });
        const result = notifications.get(str(resources.get(state.group)?.name)) ?? {};
        const mechanism: Record<string, string> = { emailReceivers: "Email", webhookReceivers: "Webhook", smsReceivers: "Sms", voiceReceivers: "Voice", logicAppReceivers: "LogicApp", azureAppPushReceivers: "AzureAppPush", azureFunctionReceivers: "AzureFunction", eventHubReceivers: "EventHub", automationRunbookReceivers: "AutomationRunbook", itsmReceivers: "Itsm", armRoleReceivers: "ArmRole", incidentReceivers: "Incident" };
        return send(200, {
          context: { notificationSource: "Microsoft.Insights/TestNotification", contextType: "Microsoft.Insights/LogAlert" },
          state: "Completed",
          completedTime: "2026-12-01T09:00:14.0000000+00:00",
          createdTime: "2026-12-01T09:00:01.0000000+00:00",
          actionDetails: state.receivers.map((r) => ({
            MechanismType: mechanism[r.kind] ?? r.kind,
            Name: r.name,
            Status: result.statuses?.[r.name]?.status ?? "Completed",
            SubState: "Default",
            SendTime: "2026-12-01T09:00:12.0000000+00:00",
            Detail: result.statuses?.[r.name]?.detail ?? null,
          })),
        });
      }

      if (req.method !== "GET") return error(405, "MethodNotAllowed", `${req.method} is not served here`);
      if (lower.endsWith("/providers/microsoft.insights/eventtypes/management/values")) {
        const filter = url.searchParams.get("$filter") ?? "";
        const uri = /resourceUri eq '([^']+)'/.exec(filter)?.[1]?.toLowerCase();
        if (!/eventTimestamp ge '[^']+' and eventTimestamp le '[^']+'/.test(filter)) return error(400, "BadRequest", "The $filter must contain eventTimestamp ge and le.");
        const events = activity
          .filter((e) => e.resourceId.toLowerCase() === uri)
          .map((e, n) => ({
            authorization: { action: e.operation, scope: e.resourceId },
            caller: e.caller,
            correlationId: `1e121103-0ba6-4300-ac9d-${String(n).padStart(12, "0")}`,
            eventDataId: `44ade6b4-3813-45e6-ae27-${String(n).padStart(12, "0")}`,
            eventName: { value: "EndRequest", localizedValue: "End request" },
            level: "Informational",
            operationName: { value: e.operation, localizedValue: e.operation },
            resourceId: e.resourceId,
            status: { value: "Succeeded", localizedValue: "Succeeded" },
            eventTimestamp: e.eventTimestamp,
            submissionTimestamp: e.eventTimestamp,
            subscriptionId: LIVE_SUBSCRIPTION,
          }));
        return send(200, { value: events });
      }
      // A collection: the children one level down, paged with nextLink.
      const children = [...resources.entries()].filter(([id]) => id.startsWith(`${lower}/`) && !id.slice(lower.length + 1).includes("/")).map(([, b]) => b);
      if (/\/(secrets|scheduledqueryrules)$/.test(lower)) {
        const skip = Number(url.searchParams.get("$skiptoken") ?? 0);
        const page = children.slice(skip, skip + pageSize);
        const next = skip + pageSize < children.length ? `${base}${p}?api-version=${url.searchParams.get("api-version")}&$skiptoken=${skip + pageSize}` : undefined;
        return send(200, { value: page, ...(next ? { nextLink: next } : {}) });
      }
      const found = resources.get(lower);
      if (found) return send(200, found);
      return error(404, "ResourceNotFound", `The Resource '${p}' under resource group was not found.`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    // The fake answers at once, so the 1-second default poll interval would only make the tests wait.
    connection: { subscriptionId: LIVE_SUBSCRIPTION, credential, endpoint: base, clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") } }, pollMs: 10 },
    resources,
    received,
    activity,
    notifications,
    throttle: (match, retryAfter, times = 1) => throttles.push({ match, retryAfter, times }),
    deny: (match, action) => denials.push({ match, action }),
    body: (idEnd) => {
      const hit = [...resources.entries()].find(([id]) => id.endsWith(idEnd.toLowerCase()));
      if (!hit) throw new Error(`no deployed resource ends with ${idEnd}`);
      return hit[1];
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
