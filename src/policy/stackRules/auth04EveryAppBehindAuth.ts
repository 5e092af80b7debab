import { ofType, StackResource, StackRule } from "../stack";

const AUTH_TYPES = ["azure-native:web:WebAppAuthSettingsV2WithoutSecrets", "azure-native:web:WebAppAuthSettingsV2"];

/** Auth settings name their app by `name`; during a preview that is the app's name input or a dependency on it. */
const configures = (auth: StackResource, app: StackResource): boolean =>
  auth.dependencies.includes(app.urn) || (typeof auth.inputs.name === "string" && auth.inputs.name === app.inputs.name);

export const auth04EveryAppBehindAuth: StackRule = {
  id: "AUTH-04",
  title: "Every gateway web app has App Service Authentication settings",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Register authsettingsV2 for the app (McpGatewayHost does it from edgeAuth).",
  resourceTypes: ["azure-native:web:WebApp", ...AUTH_TYPES],
  check: (resources) => {
    const settings = AUTH_TYPES.flatMap((t) => ofType(resources, t));
    return ofType(resources, "azure-native:web:WebApp")
      .filter((app) => !settings.some((s) => configures(s, app)))
      .map((app) => ({ urn: app.urn, message: "has no authsettingsV2; put Entra ID in front of it (McpGatewayHost's edgeAuth) so only signed-in callers reach the gateway" }));
  },
};
