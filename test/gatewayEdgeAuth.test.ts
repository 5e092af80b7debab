import { clientAuthProblem, edgeAuthAppSettings, edgeClientConfigs, McpGatewayEdgeAuthArgs, PRM_SCOPES_SETTING, VSCODE_CLIENT_ID } from "../src/components/gatewayEdgeAuth";
import { evaluate } from "../src/policy/runner";
import { ALL_RULES } from "../src/policy/rules";
import { STACK_RULES } from "../src/policy/stackRules";
import { ResourceUnderCheck } from "../src/policy/types";
import { Plan } from "../src/plan/offlinePlan";
import { clone, configOf, EDGE_AUTH, one, planStack, problemsOf, ruleById, stackMap } from "./helpers";

const AUTH = "azure-native:web:WebAppAuthSettingsV2WithoutSecrets";
const CLIENT = EDGE_AUTH["mcp-guard:gatewayAuthClientId"];
const TENANT = EDGE_AUTH["mcp-guard:gatewayAuthTenantId"];
type Bag = Record<string, unknown>;

describe("Entra ID at the gateway's edge", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const s of ["dev", "staging", "prod"]) plans[s] = await planStack(s);
  });

  it.each(["dev", "staging", "prod"])("the %s plan puts App Service Authentication in front of the gateway: Entra v2, 401, no token store, audiences and clients from config", (stack) => {
    const auth = one(plans[stack], AUTH);
    const app = one(plans[stack], "azure-native:web:WebApp");
    expect(auth.inputs).toEqual({
      name: app.inputs.name,
      resourceGroupName: app.inputs.resourceGroupName,
      platform: { enabled: true },
      globalValidation: { requireAuthentication: true, unauthenticatedClientAction: "Return401" },
      httpSettings: { requireHttps: true },
      login: { tokenStore: { enabled: false } },
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: { clientId: CLIENT, openIdIssuer: `https://login.microsoftonline.com/${TENANT}/v2.0` },
          validation: {
            allowedAudiences: [CLIENT, `api://${CLIENT}`],
            defaultAuthorizationPolicy: { allowedApplications: [VSCODE_CLIENT_ID, "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54"] },
          },
        },
      },
    });
    expect(auth.urn).toContain("McpGatewayHost$azure-native:web:WebAppAuthSettingsV2WithoutSecrets::gateway-auth");
    const settings = (app.inputs.siteConfig as { appSettings: { name: string; value: unknown }[] }).appSettings;
    expect(settings).toContainEqual({ name: PRM_SCOPES_SETTING, value: `api://${CLIENT}/user_impersonation` });
  });

  it("the shipped plans pass the edge rules", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const found = evaluate(plans[stack].digest, ALL_RULES, STACK_RULES).filter((v) => ["APP-15", "AUTH-01", "AUTH-02", "AUTH-03", "AUTH-04"].includes(v.ruleId));
      expect(found).toEqual([]);
    }
  });

  describe("rules, each failing a weakened resource with the message a user sees", () => {
    let base: ResourceUnderCheck;
    beforeAll(() => {
      const s = one(plans.prod, AUTH);
      base = { type: s.type, name: "x", urn: s.urn, inputs: s.inputs };
    });
    const weaken = (edit: (i: Bag) => void): ResourceUnderCheck => {
      const inputs = clone(base.inputs);
      edit(inputs);
      return { ...base, inputs };
    };
    const gv = (i: Bag) => i.globalValidation as Bag;
    const cases: [string, (i: Bag) => void, string[]][] = [
      ["APP-15", (i) => (gv(i).requireAuthentication = false), ["globalValidation.requireAuthentication is false; set it to true: anyone on the private network could otherwise call the MCP gateway"]],
      ["APP-15", (i) => (i.platform = { enabled: false }), ["platform.enabled is false; set it to true so App Service Authentication runs in front of the gateway"]],
      ["AUTH-01", (i) => (gv(i).unauthenticatedClientAction = "RedirectToLoginPage"), ['globalValidation.unauthenticatedClientAction is "RedirectToLoginPage"; set it to "Return401": MCP clients discover the authorization server from a 401, they cannot follow a login page']],
      ["AUTH-02", (i) => (i.login = { tokenStore: { enabled: true } }), ["login.tokenStore.enabled is true; set it to false: the gateway never forwards users' tokens, so storing them only widens what a compromise leaks"]],
      ["AUTH-02", (i) => delete i.login, ["login.tokenStore.enabled is unset; set it to false: the gateway never forwards users' tokens, so storing them only widens what a compromise leaks"]],
      ["AUTH-03", (i) => (((i.identityProviders as Bag).azureActiveDirectory as { validation: Bag }).validation.allowedAudiences = []), [
        "identityProviders.azureActiveDirectory.validation.allowedAudiences is empty; list the gateway's client id and Application ID URI so tokens for other APIs are refused",
      ]],
    ];
    it.each(cases)("%s", (id, edit, messages) => {
      expect(ruleById(id).check(base)).toEqual([]);
      expect(ruleById(id).check(weaken(edit))).toEqual(messages);
    });

    it("AUTH-04 finds a web app with no auth settings in front of it", () => {
      const digest = clone(plans.prod.digest);
      digest.steps = digest.steps.filter((s) => s.newState?.type !== AUTH);
      const found = evaluate(digest, ALL_RULES, STACK_RULES).filter((v) => v.ruleId === "AUTH-04");
      expect(found.map((v) => v.message)).toEqual(["has no authsettingsV2; put Entra ID in front of it (McpGatewayHost's edgeAuth) so only signed-in callers reach the gateway"]);
      expect(evaluate(plans.prod.digest, ALL_RULES, STACK_RULES).filter((v) => v.ruleId === "AUTH-04")).toEqual([]);
    });
  });

  describe("config", () => {
    it("requires the app registration's tenant and client id", () => {
      const { "mcp-guard:gatewayAuthTenantId": _t, "mcp-guard:gatewayAuthClientId": _c, ...rest } = stackMap("dev");
      expect(problemsOf(rest)).toEqual([
        "mcp-guard:gatewayAuthTenantId: is required; Entra tenant id whose v2.0 tokens the gateway's edge accepts (App Service Authentication).",
        "mcp-guard:gatewayAuthClientId: is required; Client id of the gateway's own Entra app registration (create it with the README's az ad app commands).",
      ]);
    });

    it("rejects a bad id, empty lists and malformed audiences and scopes in one line each", () => {
      expect(
        problemsOf({
          ...stackMap("dev"),
          "mcp-guard:gatewayAuthClientId": "my-app",
          "mcp-guard:gatewayAuthAllowedAudiences": [],
          "mcp-guard:gatewayAuthAllowedClientApplications": [],
          "mcp-guard:gatewayAuthScopes": ["user_impersonation"],
        }),
      ).toEqual([
        'mcp-guard:gatewayAuthClientId: "my-app" is not a GUID; allowed the form 00000000-0000-0000-0000-000000000000',
        "mcp-guard:gatewayAuthAllowedAudiences: is empty; allowed one or more audiences (the edge would accept no token)",
        "mcp-guard:gatewayAuthAllowedClientApplications: is empty; allowed one or more client ids (an empty list lets every app in the tenant call)",
        'mcp-guard:gatewayAuthScopes[0]: "user_impersonation" is not allowed; allowed a scope of the form <Application ID URI>/<name>',
      ]);
      expect(problemsOf({ ...stackMap("dev"), "mcp-guard:gatewayAuthAllowedAudiences": ["https://mcp.contoso.com/mcp", "not a uri"] })).toEqual([
        'mcp-guard:gatewayAuthAllowedAudiences[1]: "not a uri" is not allowed; allowed a client id GUID or an Application ID URI (api://... or https://...)',
      ]);
    });

    it("takes the static-token form only as an explicit choice naming a catalog secret", () => {
      expect(problemsOf({ ...stackMap("dev"), "mcp-guard:gatewayClientAuth": "static-token" })).toEqual([
        "mcp-guard:gatewayStaticTokenSecretName: is required with gatewayClientAuth static-token; allowed the catalog secret that holds the bearer token",
      ]);
      expect(problemsOf({ ...stackMap("dev"), "mcp-guard:gatewayStaticTokenSecretName": "github-mcp-token" })).toEqual([
        "mcp-guard:gatewayStaticTokenSecretName: is used only with gatewayClientAuth static-token; remove it or set gatewayClientAuth",
      ]);
      expect(problemsOf({ ...stackMap("dev"), "mcp-guard:gatewayClientAuth": "static-token", "mcp-guard:gatewayStaticTokenSecretName": "bearer" })).toEqual([
        'mcp-guard:gatewayStaticTokenSecretName: "bearer" is not in the secret catalog; allowed github-mcp-token, ado-mcp-token, analytics-db-readonly, mcp-gateway-bearer-token',
      ]);
      const prod = configOf({ ...stackMap("prod"), "mcp-guard:gatewayClientAuth": "static-token", "mcp-guard:gatewayStaticTokenSecretName": "mcp-gateway-bearer-token" }, "prod");
      expect(prod.gateway.edgeAuth.clientAuth).toEqual({ kind: "static-token", secretName: "mcp-gateway-bearer-token" });
    });

    it("derives audiences, scopes and allowed clients from the client id and the client apps", () => {
      const { edgeAuth } = configOf(stackMap("prod"), "prod").gateway;
      expect(edgeAuth).toEqual(expect.objectContaining({
        allowedAudiences: [CLIENT, `api://${CLIENT}`],
        scopes: [`api://${CLIENT}/user_impersonation`],
        allowedClientApplications: [VSCODE_CLIENT_ID, "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54"],
      }));
    });
  });

  describe("client configs", () => {
    const args: McpGatewayEdgeAuthArgs = {
      tenantId: TENANT,
      clientId: CLIENT,
      allowedAudiences: [CLIENT],
      allowedClientApplications: [VSCODE_CLIENT_ID],
      scopes: [`api://${CLIENT}/user_impersonation`],
      clientApps: { cursor: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54", claudeCode: "0d7e1f3a-2b4c-4d5e-8f60-718293a4b5c6" },
    };
    const url = "https://app-x.azurewebsites.net/mcp";

    it("OAuth: Cursor with its pre-registered client id, VS Code with only the URL, Claude Code with --client-id; no token anywhere", () => {
      const c = edgeClientConfigs(url, args);
      expect(JSON.parse(c.cursor)).toEqual({ mcpServers: { "mcp-gateway": { url, auth: { CLIENT_ID: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54", scopes: args.scopes } } } });
      expect(JSON.parse(c.vscode)).toEqual({ servers: { "mcp-gateway": { type: "http", url } } });
      expect(c.claudeCode).toBe(`claude mcp add --transport http --client-id 0d7e1f3a-2b4c-4d5e-8f60-718293a4b5c6 --callback-port 33418 mcp-gateway ${url}`);
      expect(Object.values(c).join()).not.toMatch(/Bearer|MCP_AUTH_TOKEN/);
    });

    it("static token: a header read from the environment (Cursor) or prompted for (VS Code), never the value", () => {
      const c = edgeClientConfigs(url, { ...args, clientAuth: { kind: "static-token", secretName: "mcp-gateway-bearer-token" } });
      expect(JSON.parse(c.cursor)).toEqual({ mcpServers: { "mcp-gateway": { url, headers: { Authorization: "Bearer ${env:MCP_AUTH_TOKEN}" } } } });
      expect(JSON.parse(c.vscode)).toEqual({
        inputs: [{ type: "promptString", id: "mcp-gateway-token", description: "Bearer token of the MCP gateway (from Key Vault)", password: true }],
        servers: { "mcp-gateway": { type: "http", url, headers: { Authorization: "Bearer ${input:mcp-gateway-token}" } } },
      });
    });
  });
});

describe("the client-auth choice as one interface (kind plus an optional secretName, portable to every Pulumi language)", () => {
  const edge: McpGatewayEdgeAuthArgs = { tenantId: TENANT, clientId: CLIENT, allowedAudiences: [CLIENT], allowedClientApplications: [VSCODE_CLIENT_ID], scopes: [`api://${CLIENT}/user_impersonation`] };

  it("takes oauth alone and static-token with its secret, and names what a wrong combination lacks", () => {
    expect([clientAuthProblem(undefined), clientAuthProblem({ kind: "oauth" }), clientAuthProblem({ kind: "static-token", secretName: "mcp-gateway-bearer-token" })]).toEqual([undefined, undefined, undefined]);
    expect(clientAuthProblem({ kind: "static-token" })).toBe("edgeAuth.clientAuth: static-token needs secretName, the catalog secret that holds the bearer token");
    expect(clientAuthProblem({ kind: "oauth", secretName: "x" })).toBe("edgeAuth.clientAuth: secretName is used only with static-token; remove it or set kind static-token");
  });

  it("points the gateway at the token's setting only in static-token mode", () => {
    const names = (e: McpGatewayEdgeAuthArgs) => edgeAuthAppSettings(e, (s) => `MCP_SECRET_${s}`).map((x) => `${x.name}=${x.value}`);
    expect(names({ ...edge, clientAuth: { kind: "static-token", secretName: "tok" } })).toEqual([`${PRM_SCOPES_SETTING}=api://${CLIENT}/user_impersonation`, "MCP_GATEWAY_STATIC_TOKEN_SETTING=MCP_SECRET_tok"]);
    expect(names({ ...edge, clientAuth: { kind: "oauth" } })).toEqual([`${PRM_SCOPES_SETTING}=api://${CLIENT}/user_impersonation`]);
  });
});
