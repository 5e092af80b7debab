import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const EVENTS = ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"];

export const kv16RotationSignal: PolicyRule = {
  id: "KV-16",
  title: "Key Vault near-expiry and expiry events reach an action group",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Subscribe the vault's SecretNearExpiry and SecretExpired events to the security action group (McpSecretsVault does).",
  resourceTypes: ["azure-native:eventgrid:SystemTopicEventSubscription", "azure-native:eventgrid:SystemTopic"],
  check: ({ type, inputs }) => {
    if (type === "azure-native:eventgrid:SystemTopic") return [];
    const events = at(inputs, "filter.includedEventTypes");
    const groups = at(inputs, "destination.actionGroups");
    if (events === UNKNOWABLE || groups === UNKNOWABLE) return [];
    const missing = EVENTS.filter((e) => !list(events).includes(e));
    return [
      ...(missing.length > 0 ? [`filter.includedEventTypes lacks ${missing.join(", ")}; rotation depends on hearing about expiry`] : []),
      ...(list(groups).length === 0 ? ["destination.actionGroups is empty; deliver expiry events to the security action group"] : []),
    ];
  },
};
