import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { SECRET_EXPIRES, secretName } from "../sizedProject";

// What each extra catalog entry of the sized configs registers (bench/sizedProject.ts), with the same
// inputs McpSecretsVault gives it, and no validation, registry or policy: the cost of the resource
// type itself (azure-native's outputs, Pulumi's serialisation), which no change to mcp-guard removes.
const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) {
  const name = secretName(i);
  new keyvault.Secret(`secrets-secret-${name}`, {
    resourceGroupName: "rg-mcp-guard-dev",
    vaultName: "kv-mcp-guard-dev",
    secretName: name,
    tags: { owner: "platform-team", "rotation-days": "30" },
    properties: { contentType: "github-pat", attributes: { enabled: true, expires: Date.parse(`${SECRET_EXPIRES}T00:00:00Z`) / 1000 } },
  });
}
