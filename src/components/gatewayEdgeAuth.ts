import * as pulumi from "@pulumi/pulumi";
import * as web from "@pulumi/azure-native/web";
import { GATEWAY_TOKEN_ENV, GatewayClientAuth, renderGatewayConfig } from "../clients/clientConfig";

/**
 * Entra ID at the gateway's edge: App Service Authentication (authsettingsV2) in front of the MCP
 * gateway, and the client configs that match it. Sources:
 * - REST: specification/web/resource-manager/Microsoft.Web/AppService/stable/2025-05-01 (WebApps.json,
 *   `SiteAuthSettingsV2`), the api-version azure-native 3.28's WebAppAuthSettingsV2WithoutSecrets uses
 *   (its .d.ts: "Uses Azure REST API version 2025-05-01"). The plain WebAppAuthSettingsV2 is pinned
 *   to 2021-02-01; the "WithoutSecrets" resource writes the same sites/config/authsettingsV2 document
 *   and never reads a client secret back into state, and bearer-only validation needs none.
 * - Learn, "Configure built-in MCP server authorization (preview)" (app-service/configure-authentication-mcp):
 *   PRM at /.well-known/oauth-protected-resource from the WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES setting;
 *   Entra has no dynamic client registration, so clients are pre-configured and pre-authorized; MCP
 *   client app ids must be in the allowed applications; authorization is server-wide, not per tool.
 * - Learn, "Secure a Model Context Protocol server with Microsoft Entra ID" (entra/agent-id/secure-mcp-server-with-entra-id):
 *   v2.0 access tokens only, Application ID URI = the canonical MCP URL, 401 with a PRM pointer.
 */

/** Visual Studio Code's first-party Entra client id: its built-in Microsoft sign-in requests tokens as this app. */
export const VSCODE_CLIENT_ID = "aebc6443-996d-45c2-90f0-388ff96faa56";

/** The app setting App Service reads to serve the protected-resource metadata document (preview). */
export const PRM_SCOPES_SETTING = "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES";

/** The Entra v2.0 issuer of a tenant: the only token version the Entra MCP guidance supports. */
export const entraIssuer = (tenantId: string): string => `https://login.microsoftonline.com/${tenantId}/v2.0`;

/** How MCP clients authenticate to the gateway (an analyzer enum, as LockLevel). */
export const ClientAuthKind = {
  /** OAuth 2.1 with Entra tokens, discovered through the PRM document. */
  OAuth: "oauth",
  /**
   * A shared bearer token kept in Key Vault (the named catalog secret) for clients that cannot run the
   * OAuth flow. The edge then lets requests through to the gateway, which must check the token itself:
   * the auth-required and 401 rules flag it until a reviewer suppresses them with a reason.
   */
  StaticToken: "static-token",
} as const;
export type ClientAuthKind = (typeof ClientAuthKind)[keyof typeof ClientAuthKind];

/**
 * How MCP clients authenticate to the gateway. One interface with an optional field rather than a union
 * of `{ kind: "oauth" }` and `{ kind: "static-token"; secretName }`: Pulumi's analyzer takes no union of
 * object types; `clientAuthProblem` says what a wrong combination lacks.
 */
export interface ClientAuth {
  /** OAuth (Entra tokens) or a static bearer token. */
  kind: ClientAuthKind;
  /** With static-token: the catalog secret that holds the token. @default - none (required with static-token, not allowed with oauth) */
  secretName?: string;
}

/** The public-client app registrations MCP clients sign in with (Entra has no dynamic client registration). */
export interface ClientApps {
  /** Client id Cursor signs in with. @default - none (its config shows a placeholder) */
  cursor?: string;
  /** Client id Claude Code signs in with. @default - none (its command line shows a placeholder) */
  claudeCode?: string;
}

/** What is wrong with a client-auth choice, or undefined. */
export function clientAuthProblem(auth: ClientAuth | undefined): string | undefined {
  if (auth?.kind === "static-token" && auth.secretName === undefined) return "edgeAuth.clientAuth: static-token needs secretName, the catalog secret that holds the bearer token";
  if (auth?.kind === "oauth" && auth.secretName !== undefined) return "edgeAuth.clientAuth: secretName is used only with static-token; remove it or set kind static-token";
  return undefined;
}

export interface McpGatewayEdgeAuthArgs {
  /** Entra tenant (directory) id that issues the tokens. */
  tenantId: string;
  /** Client id of the gateway's own app registration (brought by the user; see the README). */
  clientId: string;
  /** Token audiences the edge accepts. @default [clientId, `api://<clientId>`] (v2 tokens carry the client id as aud) */
  allowedAudiences: string[];
  /** Client ids (azp/appid) that may call: Easy Auth rejects tokens any other app obtained. @default [VS Code's, clientApps.cursor, clientApps.claudeCode] */
  allowedClientApplications: string[];
  /** The public-client app registrations Cursor and Claude Code sign in with (Entra has no DCR). @default {} (their configs show a placeholder) */
  clientApps?: ClientApps;
  /** Scopes the PRM document advertises. @default [`api://<clientId>/user_impersonation`] */
  scopes: string[];
  /** How clients authenticate. @default { kind: "oauth" } */
  clientAuth?: ClientAuth;
}

/**
 * The app settings the edge needs on the web app: the PRM scopes and, in static-token mode, which
 * Key Vault reference setting holds the token the gateway must check (`secretSetting` names it).
 */
export function edgeAuthAppSettings(args: McpGatewayEdgeAuthArgs, secretSetting: (secret: string) => string): { name: string; value: string }[] {
  const secretName = args.clientAuth?.kind === "static-token" ? args.clientAuth.secretName : undefined;
  return [
    { name: PRM_SCOPES_SETTING, value: args.scopes.join(",") },
    ...(secretName === undefined ? [] : [{ name: "MCP_GATEWAY_STATIC_TOKEN_SETTING", value: secretSetting(secretName) }]),
  ];
}

/**
 * Registers the app's authsettingsV2 as a child of `parent`: Entra required on every request,
 * unauthenticated callers get 401 (an MCP client cannot follow a login redirect), token store off
 * (the gateway never needs the user's tokens: no passthrough), v2 issuer, audiences and client
 * applications from config. App Service's health-check pings are let through by the platform.
 */
export function edgeAuthSettings(
  parent: pulumi.Resource,
  name: string,
  site: { appName: pulumi.Input<string>; resourceGroupName: pulumi.Input<string> },
  args: McpGatewayEdgeAuthArgs,
): web.WebAppAuthSettingsV2WithoutSecrets {
  const oauth = (args.clientAuth ?? { kind: "oauth" }).kind === "oauth";
  return new web.WebAppAuthSettingsV2WithoutSecrets(
    name,
    {
      name: site.appName,
      resourceGroupName: site.resourceGroupName,
      platform: { enabled: true },
      globalValidation: oauth
        ? { requireAuthentication: true, unauthenticatedClientAction: "Return401" }
        : { requireAuthentication: false, unauthenticatedClientAction: "AllowAnonymous" },
      httpSettings: { requireHttps: true },
      login: { tokenStore: { enabled: false } },
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: { clientId: args.clientId, openIdIssuer: entraIssuer(args.tenantId) },
          validation: {
            allowedAudiences: args.allowedAudiences,
            defaultAuthorizationPolicy: { allowedApplications: args.allowedClientApplications },
          },
        },
      },
    },
    { parent },
  );
}

/** MCP client configs for the gateway URL, each in the form its client documents. */
export interface EdgeClientConfigs {
  /** .cursor/mcp.json */
  cursor: string;
  /** .vscode/mcp.json */
  vscode: string;
  /** A `claude mcp add` command line for Claude Code. */
  claudeCode: string;
}

/** The edge's client-auth mode as the client-config renderer takes it. */
export function gatewayClientAuth(args: McpGatewayEdgeAuthArgs): GatewayClientAuth {
  const auth = args.clientAuth ?? { kind: "oauth" };
  return auth.kind === "static-token" ? { kind: "static-token" } : { kind: "oauth", cursorClientId: args.clientApps?.cursor ?? "<cursor-client-id>", scopes: args.scopes };
}

/**
 * OAuth: Cursor takes a pre-registered public client id (`auth.CLIENT_ID`, redirect
 * cursor://anysphere.cursor-mcp/oauth/callback) since Entra has no DCR; VS Code signs in with its
 * built-in Microsoft provider and needs only the URL; Claude Code takes `--client-id` and a fixed
 * `--callback-port`. Static token: a header read from the environment (Cursor) or prompted for
 * (VS Code), never the value itself. Cursor and VS Code come from the `client-config` renderer.
 */
export function edgeClientConfigs(url: string, args: McpGatewayEdgeAuthArgs): EdgeClientConfigs {
  const gateway = { url, auth: gatewayClientAuth(args) };
  const cursor = renderGatewayConfig("mcp-gateway", gateway, "cursor");
  const vscode = renderGatewayConfig("mcp-gateway", gateway, "vscode");
  if (gateway.auth.kind === "static-token") {
    return { cursor, vscode, claudeCode: `claude mcp add --transport http mcp-gateway ${url} --header "Authorization: Bearer $${GATEWAY_TOKEN_ENV}"` };
  }
  const claudeClient = args.clientApps?.claudeCode ?? "<claude-code-client-id>";
  return { cursor, vscode, claudeCode: `claude mcp add --transport http --client-id ${claudeClient} --callback-port 33418 mcp-gateway ${url}` };
}
