import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { v5 as uuidv5 } from "uuid";
import { CatalogQuery } from "../kql/catalog";
import { renderQuery } from "../kql/parameters";
import { WORKBOOK_PANELS, workbookJson, workbookParameters, workbookProblems } from "../kql/workbook";
import { nameProblem } from "../naming";
import { assignRole, lockResource, LockArgs, queryParameterValues, QueryParameterInputs, RoleAssignmentArgs, stableGuid } from "./shared";

/** The namespace of mcp-guard's name-based (v5) UUIDs: fixed forever, or every query id changes. */
const QUERY_ID_NAMESPACE = "a131c16f-fa5e-4dc8-884c-5ee4221637df";

/**
 * The id of one saved query: a UUID v5 of project, stack and the query's name in the stack (component and
 * catalog name), so a query keeps its id on every deploy and each stack has its own. The service takes only a GUID in
 * `/queryPacks/{queryPackName}/queries/{id}` (Azure CLI's `az monitor log-analytics query-pack query`
 * documents `--query-id` as a GUID; Terraform's azurerm_log_analytics_query_pack_query validates a UUID).
 */
export function queryId(project: string, stack: string, name: string): string {
  return uuidv5(`${project}/${stack}/${name}`, QUERY_ID_NAMESPACE);
}

/** The Azure Monitor workbook whose charts come from the catalog. */
export interface WorkbookArgs {
  /** Create the workbook. @default true */
  enabled?: boolean;
  /** Its title in Azure Monitor. @default "MCP gateway activity" */
  displayName?: string;
}

export interface McpSavedQueriesArgs {
  /** Resource group that holds the query pack and the workbook. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the query pack and the workbook. */
  location: pulumi.Input<string>;
  /** Query pack name. */
  queryPackName: string;
  /** The audit workspace: the workbook's data source. */
  workspaceId: pulumi.Input<string>;
  /** The checked catalog, from `loadQueryCatalog("queries")`. */
  queries: CatalogQuery[];
  /**
   * Values for the queries' parameters, rendered as `let` statements before each query that declares
   * them. @default every parameter an empty list (every server and tool unapproved, every reader flagged)
   */
  parameters?: QueryParameterInputs;
  /** The MCP workbook (charts from the catalog). @default { enabled: true, displayName: "MCP gateway activity" } */
  workbook?: WorkbookArgs;
  /** Role assignments on the query pack, e.g. Log Analytics Reader for the SOC. @default [] */
  roleAssignments?: RoleAssignmentArgs[];
  /** Tags on the query pack and the workbook. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the query pack. @default - none */
  lock?: LockArgs;
}

/**
 * The KQL catalog published where people look for it: a Log Analytics query pack with one saved query
 * per queries/*.kql (the guide's three and the detections), and an Azure Monitor workbook whose charts
 * come from the same catalog.
 */
export class McpSavedQueries extends pulumi.ComponentResource {
  readonly queryPackId: pulumi.Output<string>;
  /** Query pack query ids by catalog name. */
  readonly queryIds: Record<string, pulumi.Output<string>>;
  readonly workbookId?: pulumi.Output<string>;

  constructor(name: string, args: McpSavedQueriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpSavedQueries", name, {}, opts);
    const { valuesFor, problems: parameterProblems } = queryParameterValues(args.parameters);
    const withWorkbook = args.workbook?.enabled ?? true;
    const problems = [
      nameProblem("queryPack", args.queryPackName),
      args.queries.length === 0 ? "queries is empty; load the catalog with loadQueryCatalog" : undefined,
      ...(withWorkbook ? workbookProblems(args.queries) : []),
      ...parameterProblems,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`McpSavedQueries ${name}: ${problems.join("; ")}`);

    const tags = args.tags ?? {};

    const pack = new operationalinsights.QueryPack(
      `${name}-pack`,
      { queryPackName: args.queryPackName, resourceGroupName: args.resourceGroupName, location: args.location, tags },
      { parent: this },
    );
    this.queryPackId = pack.id;

    this.queryIds = {};
    for (const q of args.queries) {
      const query = new operationalinsights.Query(
        // The logical name is the query's id, because nothing else reaches the path: Pulumi's SDKs drop an
        // input named `id` before it leaves the program (pulumi/pulumi#13781), and azure-native fills a
        // missing last path parameter by its autoname strategy, which for queries/{id} (a plain string in
        // QueryPackQueries.json 2023-09-01, the version azure-native 3.28 uses) is "copy": the path
        // segment is the URN's name (pulumi-azure-native provider/pkg/resources/resources.go AutoName,
        // provider.go getDefaultName). A stack that sets `pulumi:autonaming` must leave this type verbatim.
        queryId(pulumi.getProject(), pulumi.getStack(), `${name}-query-${q.name}`),
        {
          queryPackName: pack.name,
          resourceGroupName: args.resourceGroupName,
          displayName: q.displayName,
          description: q.description,
          body: valuesFor(q.parameters).apply((v) => renderQuery(q.body, q.parameters, v)),
          related: { categories: [q.category], resourceTypes: ["microsoft.operationalinsights/workspaces"] },
          tags: { labels: q.tags, tables: q.tables, source: [q.file] },
        },
        // A child resource of the pack (queryPacks/{name}/queries/{id}): it goes with it.
        { parent: this, deletedWith: pack },
      );
      this.queryIds[q.name] = query.id;
    }

    if (withWorkbook) {
      const workbook = new applicationinsights.Workbook(
        `${name}-workbook`,
        {
          // Workbook resource names are GUIDs; derived from the stack so each environment has its own.
          resourceName: stableGuid(`${pulumi.getProject()}/${pulumi.getStack()}/${name}-workbook`),
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          kind: "shared",
          category: "workbook",
          displayName: args.workbook?.displayName ?? "MCP gateway activity",
          sourceId: args.workspaceId,
          serializedData: pulumi.all([valuesFor(workbookParameters(args.queries, WORKBOOK_PANELS)), args.workspaceId]).apply(([v, ws]) => workbookJson(args.queries, v, ws, WORKBOOK_PANELS)),
          tags,
        },
        { parent: this },
      );
      this.workbookId = workbook.id;
    }

    (args.roleAssignments ?? []).forEach((a, i) => assignRole(this, `${name}-role-${i}`, pack, a));
    if (args.lock) lockResource(this, `${name}-lock`, pack.id, args.lock);

    this.registerOutputs({ queryPackId: this.queryPackId, workbookId: this.workbookId });
  }
}
