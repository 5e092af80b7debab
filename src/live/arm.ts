import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { TokenCredential } from "@azure/identity";
import { isRecord } from "../plan/digest";
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createHttpHeaders, createPipelineFromOptions, createPipelineRequest, HttpClient, HttpMethods, InternalPipelineOptions, isRestError, Pipeline, PipelineResponse } from "@azure/core-rest-pipeline";

/*
 * The management-plane reads behind verify, notify-test and expiry-report. Key Vault goes through
 * @azure/arm-keyvault; Azure Monitor through this thin client, because @azure/arm-monitor 8.x (the only
 * line with scheduledQueryRules 2025-01-01-preview and createNotificationsAtActionGroupResourceLevel)
 * declares Node >= 22 while this project and its CI run Node 20, and 7.x has only the legacy 2018-04-16
 * alert model (README, "Live commands"). Every call pins the api-version @pulumi/azure-native 3.28 deploys
 * with, so what we read has the shape the plan's inputs have.
 */

/** api-versions of @pulumi/azure-native 3.28 (each module's `Uses Azure REST API version` note). */
export const API_VERSION = {
  /** azure-native keyvault/vault.d.ts and keyvault/secret.d.ts. */
  keyVault: "2024-11-01",
  /** azure-native monitor/actionGroup.d.ts; createNotifications and notificationStatus are in the same file of the spec (actionGroups_API.json). */
  actionGroups: "2024-10-01-preview",
  /** azure-native monitor/scheduledQueryRule.d.ts. */
  scheduledQueryRules: "2025-01-01-preview",
  /** azure-native monitor/dataCollectionRule.d.ts and dataCollectionEndpoint.d.ts. */
  dataCollection: "2022-06-01",
  /** azure-native monitor/privateLinkScope.d.ts and privateLinkScopedResource.d.ts. */
  privateLinkScopes: "2023-06-01-preview",
  /** azure-native monitor/diagnosticSetting.d.ts. */
  diagnosticSettings: "2021-05-01-preview",
  /** The activity log's only GA version (specification/monitor/.../stable/2015-04-01/activityLogs_API.json). */
  activityLogs: "2015-04-01",
  /** Subscriptions - Get (specification/resources/.../Microsoft.Resources/stable/2022-12-01/subscriptions.json). */
  subscriptions: "2022-12-01",
} as const;

export const ARM_ENDPOINT = "https://management.azure.com";

/** A failure to reach or read Azure, said in one line: what was asked, what Azure answered, what to do. */
export class LiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LiveError";
  }
}

export interface ArmConnection {
  subscriptionId: string;
  credential: TokenCredential;
  /** @default https://management.azure.com */
  endpoint?: string;
  /** The token scope. @default https://management.azure.com/.default (a sovereign cloud's is its own endpoint's) */
  scope?: string;
  /** Pipeline options for both clients: tlsOptions (tests trust their CA here), retryOptions, httpClient. */
  clientOptions?: InternalPipelineOptions & { httpClient?: HttpClient };
  /** How long to wait before polling a long-running operation whose 202 gives no Retry-After (ms). @default 1000 */
  pollMs?: number;
}

/** The built-in role each command needs (also in the README). */
export const ROLE = {
  read: "Reader",
  notify: "Monitoring Contributor",
} as const;

export interface ArmResponse {
  status: number;
  /** The parsed JSON body, unchecked: callers read it through type guards. */
  body: unknown;
  headers: PipelineResponse["headers"];
}

/** ARM's error envelope (ARM RPC: `{ "error": { "code", "message" } }`). */
function armError(text: string | undefined): { code?: string; message?: string } {
  const e = isRecord(parseJson(text)) ? field(parseJson(text), "error") : undefined;
  const code = field(e, "code");
  const message = field(e, "message");
  return { ...(typeof code === "string" ? { code } : {}), ...(typeof message === "string" ? { message } : {}) };
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** A property of an unchecked JSON value. */
export function field(v: unknown, key: string): unknown {
  return isRecord(v) ? v[key] : undefined;
}

const firstLine = (s: string) => s.split(/\r?\n/)[0].slice(0, 300);

/** A management-plane client over Azure Core's pipeline: bearer token, Retry-After on 429, paging, the 202 + Location poll. */
export class Arm {
  readonly subscriptionId: string;
  readonly endpoint: string;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;
  readonly keyVault: KeyVaultManagementClient;
  private readonly pollMs: number;

  constructor(
    conn: ArmConnection,
    /** The role the caller's command needs, named in a 403. */
    private readonly role: string,
  ) {
    this.subscriptionId = conn.subscriptionId;
    this.endpoint = (conn.endpoint ?? ARM_ENDPOINT).replace(/\/$/, "");
    this.pollMs = conn.pollMs ?? 1000;
    const options = conn.clientOptions ?? {};
    this.pipeline = createPipelineFromOptions(options);
    const scope = conn.scope ?? `${ARM_ENDPOINT}/.default`;
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: conn.credential, scopes: scope }));
    this.http = options.httpClient ?? createDefaultHttpClient();
    this.keyVault = new KeyVaultManagementClient(conn.credential, conn.subscriptionId, {
      ...options,
      endpoint: this.endpoint,
      apiVersion: API_VERSION.keyVault,
      credentials: { scopes: [scope] },
    });
  }

  /** `/subscriptions/<id>` + the rest. */
  sub(rest: string): string {
    return `/subscriptions/${this.subscriptionId}${rest}`;
  }

  async send(method: HttpMethods, pathOrUrl: string, apiVersion: string | undefined, body?: unknown): Promise<ArmResponse> {
    const url = new URL(pathOrUrl.startsWith("https://") ? pathOrUrl : `${this.endpoint}${pathOrUrl}`);
    if (apiVersion && !url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
    const request = createPipelineRequest({
      url: url.toString(),
      method,
      headers: createHttpHeaders({ accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let response: PipelineResponse;
    try {
      response = await this.pipeline.sendRequest(this.http, request);
    } catch (err) {
      throw this.explain(err, method, url.pathname);
    }
    if (response.status >= 400) throw this.explainStatus(response.status, response.bodyAsText ?? undefined, method, url.pathname);
    return { status: response.status, headers: response.headers, body: parseJson(response.bodyAsText ?? undefined) };
  }

  get(path: string, apiVersion: string): Promise<unknown> {
    return this.send("GET", path, apiVersion).then((r) => r.body);
  }

  /** GET that answers undefined for 404: a resource the plan declares but nobody deployed. */
  async find(path: string, apiVersion: string): Promise<unknown> {
    try {
      return await this.get(path, apiVersion);
    } catch (err) {
      if (err instanceof NotFound) return undefined;
      throw err;
    }
  }

  /** Every item of a list, following `nextLink` (ARM paging: the link carries its own api-version and token). */
  async list(path: string, apiVersion: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const first = new URL(`${this.endpoint}${path}`);
    for (const [k, v] of Object.entries(query)) first.searchParams.set(k, v);
    const out: unknown[] = [];
    for (let next: string | undefined = first.toString(), pages = 0; next && pages < 1000; pages++) {
      const page = (await this.send("GET", next, apiVersion)).body;
      const value = field(page, "value");
      if (Array.isArray(value)) out.push(...value);
      const link = field(page, "nextLink");
      next = typeof link === "string" && link ? link : undefined;
    }
    return out;
  }

  /**
   * A long-running POST: 202 with a Location header, polled (honouring Retry-After) until it answers 200
   * with the result, as ARM's async-operation contract describes (Azure/azure-resource-manager-rpc,
   * async-api-reference.md, "202 Accepted and Location header").
   */
  async postAndPoll(path: string, apiVersion: string, body: unknown, pollMs = this.pollMs, maxPolls = 120): Promise<unknown> {
    const started = await this.send("POST", path, apiVersion, body);
    if (started.status !== 202) return started.body;
    const location = started.headers.get("location");
    if (!location) throw new LiveError(`POST ${path} answered 202 without a Location header to poll`);
    let last = started;
    for (let i = 0; i < maxPolls; i++) {
      const wait = Number(last.headers.get("retry-after") ?? NaN);
      await new Promise((r) => setTimeout(r, Number.isFinite(wait) ? wait * 1000 : pollMs));
      last = await this.send("GET", location, undefined);
      if (last.status !== 202) return last.body;
    }
    throw new LiveError(`POST ${path} was still running after ${maxPolls} polls; check the action group's test notification in the portal`);
  }

  explain(err: unknown, method: string, path: string): Error {
    if (err instanceof LiveError) return err;
    if (isRestError(err)) {
      // SDK errors carry the request and ARM's error code; their body may already be consumed.
      const target = err.request?.url ? new URL(err.request.url) : undefined;
      if (err.statusCode) return this.explainStatus(err.statusCode, err.response?.bodyAsText ?? undefined, err.request?.method ?? method, target?.pathname ?? path, err.code);
      return new LiveError(`cannot reach Azure Resource Manager at ${this.endpoint} (${firstLine(err.message)}); check the network and --arm-endpoint`);
    }
    const name = err instanceof Error ? err.name : "";
    if (name === "CredentialUnavailableError" || name === "AuthenticationError" || name === "AggregateAuthenticationError") {
      return new LiveError("no Azure credential: sign in with `az login`, or set AZURE_CLIENT_ID and AZURE_TENANT_ID for workload identity (OIDC) in CI");
    }
    return new LiveError(`${method} ${path} failed: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }

  private explainStatus(status: number, text: string | undefined, method: string, path: string, code?: string): Error {
    const e = { code, ...armError(text) };
    const what = `${method} ${path.replace(/^\/subscriptions\/[^/]+/i, "")}`;
    if (status === 404) return new NotFound(`${what}: not found`);
    if (status === 401) return new LiveError(`Azure rejected the credential for ${what} (401${e.code ? ` ${e.code}` : ""}); sign in again with \`az login\``);
    if (status === 403) return new LiveError(`Azure denied ${what} (403 ${e.code ?? "Forbidden"}): the signed-in identity needs the ${this.role} role on the resource group (or the subscription ${this.subscriptionId})`);
    if (status === 429) return new LiveError(`Azure kept throttling ${what} (429) after retries; run again later`);
    return new LiveError(`${what} failed: ${status}${e.code ? ` ${e.code}` : ""}${e.message ? `: ${firstLine(e.message)}` : ""}`);
  }

  /** Runs an SDK call and turns its failure into one line. */
  async sdk<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw this.explain(err, "GET", what);
    }
  }
}

/** A 404, which callers of `find` treat as "not deployed". */
export class NotFound extends LiveError {}
