/**
 * Role names as an enum other Pulumi languages see (Pulumi's component analyzer reads a const object
 * and its value type as a schema enum); TypeScript callers still write the name.
 */
export const BuiltInRole = {
  KeyVaultAdministrator: "Key Vault Administrator",
  KeyVaultSecretsOfficer: "Key Vault Secrets Officer",
  KeyVaultSecretsUser: "Key Vault Secrets User",
  LogAnalyticsReader: "Log Analytics Reader",
  MonitoringMetricsPublisher: "Monitoring Metrics Publisher",
} as const;
export type BuiltInRole = (typeof BuiltInRole)[keyof typeof BuiltInRole];

/**
 * Azure built-in role definition ids by role name: the one place a role GUID appears. Components grant
 * by name, so no call site pastes an id and nothing is looked up at run time. Source: Microsoft Learn,
 * "Azure built-in roles" (test/roles.test.ts checks them against a copy of that list).
 */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRole, string>> = {
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Log Analytics Reader": "73c42c96-874c-492b-b04d-ab87d138a893",
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
};

/** The subscription-scoped form Azure returns, so a deployed assignment shows no diff. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}
