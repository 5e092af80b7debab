import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { CatalogQuery } from "../../src/kql/catalog";
import { PortParameters, QUERY_PORTS } from "./queryPorts";

export interface McpQueryDefinitionsProps {
  /** The catalog (loadQueryCatalog of queries/). */
  readonly catalog: readonly CatalogQuery[];
  /** The log group the definitions open on. */
  readonly logGroup: logs.ILogGroup;
  /** What the registry approved: the lists parameterized queries compare against. */
  readonly parameters: PortParameters;
  /**
   * The folder the definitions show under in the Logs Insights console.
   * @default "mcp-guard"
   */
  readonly folder?: string;
}

/**
 * The AWS form of McpSavedQueries: a Logs Insights query definition for each catalog query that Logs
 * Insights can express (QUERY_PORTS), named `<folder>/<category>/<display name>`.
 */
export class McpQueryDefinitions extends Construct {
  /** The definitions by catalog query name (several when one query became several). */
  readonly definitions: ReadonlyMap<string, logs.CfnQueryDefinition[]>;

  constructor(scope: Construct, id: string, props: McpQueryDefinitionsProps) {
    super(scope, id);
    const missing = props.catalog.filter((q) => QUERY_PORTS[q.name] === undefined).map((q) => q.file);
    if (missing.length > 0) throw new Error(`McpQueryDefinitions: no Logs Insights port for ${missing.join(", ")}; add an entry to aws/src/queryPorts.ts (ported, other form or cannot)`);
    const folder = props.folder ?? "mcp-guard";
    const definitions = new Map<string, logs.CfnQueryDefinition[]>();
    for (const q of props.catalog) {
      const texts = QUERY_PORTS[q.name].queries?.(props.parameters) ?? [];
      definitions.set(
        q.name,
        texts.map(
          (text, i) =>
            // The L1 resource: QueryString would re-compose a hand-written query line by line.
            new logs.CfnQueryDefinition(this, texts.length > 1 ? `${q.name}-${i + 1}` : q.name, {
              name: `${folder}/${q.category}/${q.displayName}${texts.length > 1 ? ` (${i + 1} of ${texts.length})` : ""}`,
              queryString: text,
              logGroupNames: [props.logGroup.logGroupName],
            }),
        ),
      );
    }
    this.definitions = definitions;
  }
}

