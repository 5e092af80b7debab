import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers";

/*
 * What other languages see of the reshaped args, read from the analyzer's committed schema (its drift
 * against the code is componentSchema.e2e.test.ts): named object types and enums where TypeScript had
 * anonymous objects, literal unions, discriminated unions, readonly arrays and component instances.
 */
interface Property { type?: string; $ref?: string; optional?: boolean; items?: Property }
interface Schema { components: Record<string, { inputs: Record<string, Property> }>; typeDefinitions: Record<string, { type: string; enum?: { value: string }[]; properties?: Record<string, Property> }> }
const schema: Schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema/components.json"), "utf8"));
const input = (component: string, name: string) => schema.components[component]?.inputs[name];
const ref = (type: string) => `#/types/mcp-guard:index:${type}`;
const enumValues = (type: string) => schema.typeDefinitions[type]?.enum?.map((e) => e.value);

describe("the portable components' args in the analyzer's schema", () => {
  it("McpAuditLogs: publicAccess is the named PublicAccessArgs", () => {
    expect(input("McpAuditLogs", "publicAccess")).toEqual(expect.objectContaining({ $ref: ref("PublicAccessArgs"), optional: true }));
    expect(Object.keys(schema.typeDefinitions.PublicAccessArgs?.properties ?? {})).toEqual(["reason"]);
  });

  it("McpPrivateNetwork: create or existing, named names, and the private link groups an enum", () => {
    expect(input("McpPrivateNetwork", "create")).toEqual(expect.objectContaining({ $ref: ref("NewNetworkArgs"), optional: true }));
    expect(input("McpPrivateNetwork", "existing")).toEqual(expect.objectContaining({ $ref: ref("ExistingNetworkArgs"), optional: true }));
    expect(schema.typeDefinitions.NewNetworkArgs?.properties?.names?.$ref).toBe(ref("NewNetworkNames"));
    expect(input("McpPrivateNetwork", "groups")?.items?.$ref).toBe(ref("PrivateLinkGroup"));
    expect(enumValues("PrivateLinkGroup")).toEqual(["vault", "sites", "azuremonitor"]);
  });

  it("McpSavedQueries: a list of CatalogQuery with enum category and parameters, named parameter inputs and workbook", () => {
    expect(input("McpSavedQueries", "queries")?.items?.$ref).toBe(ref("CatalogQuery"));
    expect(enumValues("QueryCategory")).toEqual(["security", "audit", "monitor"]);
    expect(schema.typeDefinitions.CatalogQuery?.properties?.parameters?.items?.$ref).toBe(ref("QueryParameter"));
    expect(input("McpSavedQueries", "parameters")?.$ref).toBe(ref("QueryParameterInputs"));
    expect(input("McpSavedQueries", "workbook")?.$ref).toBe(ref("WorkbookArgs"));
  });

  it("McpAlerts: a list of AlertRuleArgs, named action groups, enums for operator, aggregation, action group and environment", () => {
    expect(input("McpAlerts", "alerts")?.items?.$ref).toBe(ref("AlertRuleArgs"));
    expect(input("McpAlerts", "actionGroups")?.$ref).toBe(ref("AlertActionGroupsArgs"));
    expect(input("McpAlerts", "environment")?.$ref).toBe(ref("Environment"));
    expect(enumValues("AlertOperator")).toEqual(["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual", "Equal"]);
    expect(enumValues("AlertAggregation")).toEqual(["Count", "Average", "Minimum", "Maximum", "Total"]);
    expect(enumValues("ActionGroupName")).toEqual(["security-team", "oncall"]);
  });

  it("McpGatewayHost: a named plan with an enum SKU, the vault and the audit pipeline as inputs, the client auth an enum kind", () => {
    expect(input("McpGatewayHost", "sku")?.$ref).toBe(ref("GatewayPlanArgs"));
    expect(enumValues("GatewayPlanSku")).toContain("P0v3");
    expect(input("McpGatewayHost", "vault")?.$ref).toBe(ref("GatewayVaultArgs"));
    expect(input("McpGatewayHost", "auditLogs")?.$ref).toBe(ref("GatewayAuditArgs"));
    expect(schema.typeDefinitions.GatewayVaultArgs?.properties?.vault?.$ref).toMatch(/azure-native:keyvault:Vault$/);
    expect(enumValues("ClientAuthKind")).toEqual(["oauth", "static-token"]);
  });
});
