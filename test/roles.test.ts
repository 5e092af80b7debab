import { BUILT_IN_ROLES, roleDefinitionId } from "../src/roles";

// Copied from Microsoft Learn, "Azure built-in roles" (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
const PUBLISHED: Record<string, string> = {
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Log Analytics Reader": "73c42c96-874c-492b-b04d-ab87d138a893",
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
};

describe("built-in role ids", () => {
  it.each(Object.entries(BUILT_IN_ROLES))("%s matches Azure's published GUID", (role, id) => {
    expect(id).toBe(PUBLISHED[role]);
  });

  it("builds the subscription-scoped role definition id Azure returns", () => {
    expect(roleDefinitionId("sub", "Key Vault Secrets User")).toBe("/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6");
  });
});
