import { isSecret } from "../../plan/digest";
import { PolicyRule } from "../types";

export const kv19SecretValueIsSecret: PolicyRule = {
  id: "KV-19",
  title: "A Key Vault secret's value is a Pulumi secret, or set out of band",
  enforcement: "advisory",
  severity: "high",
  remediation: "Set the value with pulumi config set --secret (secretValues) or out of band with az keyvault secret set, never in plain config.",
  resourceTypes: ["azure-native:keyvault:Secret"],
  check: ({ inputs }) => {
    const props = inputs.properties;
    if (typeof props !== "object" || props === null || !("value" in props) || isSecret(props.value)) return [];
    return ["properties.value is plain text in the plan and the state; pass it as pulumi.secret(...) or leave it to az keyvault secret set"];
  },
};
