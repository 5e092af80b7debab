import * as path from "node:path";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { stableGuid } from "../src/components/shared";
import { ofType, one, planStack, problemsOf, ROOT, stackMap } from "./helpers";

const APP = "azure-native:web:WebApp";
const VNET = "azure-native:network:VirtualNetwork";
const PE = "azure-native:network:PrivateEndpoint";
const ZONE = "azure-native:privatedns:PrivateZone";
const ROLE = "azure-native:authorization:RoleAssignment";
type Bag = Record<string, unknown>;

describe("the gateway network in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "prod"]) plans[stack] = await planStack(stack);
  });

  it("creates the VNet with a private-endpoint subnet and a delegated integration subnet, each behind its NSG", () => {
    const vnet = one(plans.prod, VNET).inputs;
    expect(vnet.addressSpace).toEqual({ addressPrefixes: ["10.60.0.0/24"] });
    const [pe, app] = vnet.subnets as Bag[];
    expect(pe).toEqual(expect.objectContaining({ name: "snet-private-endpoints", addressPrefix: "10.60.0.0/26", privateEndpointNetworkPolicies: "Enabled", defaultOutboundAccess: false, networkSecurityGroup: { id: expect.stringMatching(/nsg-cursor-private-endpoints-prod$/) } }));
    expect(app).toEqual(expect.objectContaining({
      name: "snet-gateway-integration",
      addressPrefix: "10.60.0.64/26",
      delegations: [{ name: "app-service", serviceName: "Microsoft.Web/serverFarms" }],
      natGateway: { id: expect.stringMatching(/natGateways\/ng-cursor-gateway-prod$/) },
      networkSecurityGroup: { id: expect.stringMatching(/nsg-cursor-gateway-prod$/) },
    }));
  });

  it("opens nothing to the internet: explicit allows from the gateway and the private network, explicit denies after", () => {
    const nsgs = ofType(plans.prod, "azure-native:network:NetworkSecurityGroup");
    const rules = nsgs.flatMap((n) => n.inputs.securityRules as Bag[]);
    const inboundAllows = rules.filter((r) => r.direction === "Inbound" && r.access === "Allow");
    expect(inboundAllows.map((r) => [r.name, r.sourceAddressPrefix, r.destinationPortRange])).toEqual([
      ["allow-gateway-to-endpoints-https", "10.60.0.64/26", "443"],
      ["allow-clients-https-0", "VirtualNetwork", "443"],
    ]);
    expect(rules.filter((r) => r.sourceAddressPrefix === "Internet" && r.direction === "Inbound").map((r) => r.access)).toEqual(["Deny", "Deny"]);
  });

  it("links the private DNS zones each service needs, resolve-only; prod adds the five Azure Monitor zones", () => {
    expect(ofType(plans.dev, ZONE).map((z) => z.inputs.privateZoneName).sort()).toEqual(["privatelink.azurewebsites.net", "privatelink.vaultcore.azure.net"]);
    expect(ofType(plans.prod, ZONE)).toHaveLength(7);
    for (const link of ofType(plans.prod, "azure-native:privatedns:VirtualNetworkLink")) expect(link.inputs).toEqual(expect.objectContaining({ registrationEnabled: false, location: "global" }));
  });

  it("gives the vault, the gateway and (in prod) the private link scope private endpoints with their zone groups", () => {
    const groups = (plan: Plan) => ofType(plan, PE).map((p) => ((p.inputs.privateLinkServiceConnections as Bag[])[0].groupIds as string[])[0]).sort();
    expect(groups(plans.dev)).toEqual(["sites", "vault"]);
    expect(groups(plans.prod)).toEqual(["azuremonitor", "sites", "vault"]);
    const zoneGroups = ofType(plans.prod, "azure-native:network:PrivateDnsZoneGroup");
    expect(zoneGroups.map((z) => (z.inputs.privateDnsZoneConfigs as Bag[]).length).sort()).toEqual([1, 1, 5]);
  });
});

describe("the gateway host in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it("runs the configured image on a private, TLS 1.3, FTP-less, VNet-routed Linux app with its own identity", () => {
    const app = one(plans.prod, APP).inputs;
    expect(app).toEqual(expect.objectContaining({
      name: expect.stringMatching(/^app-cursor-mcp-gateway-prod-[0-9a-f]{4}$/),
      kind: "app,linux,container",
      httpsOnly: true,
      publicNetworkAccess: "Disabled",
      clientAffinityEnabled: false,
      identity: { type: "UserAssigned", userAssignedIdentities: [expect.stringMatching(/\/userAssignedIdentities\/id-cursor-mcp-gateway-prod$/)] },
      keyVaultReferenceIdentity: expect.stringMatching(/\/userAssignedIdentities\/id-cursor-mcp-gateway-prod$/),
      virtualNetworkSubnetId: expect.stringMatching(/\/subnets\/snet-gateway-integration$/),
      outboundVnetRouting: { allTraffic: true, imagePullTraffic: true, contentShareTraffic: true, backupRestoreTraffic: true },
    }));
    expect(app.siteConfig).toEqual(expect.objectContaining({
      linuxFxVersion: "DOCKER|ghcr.io/contoso/mcp-gateway:1.4.2",
      minTlsVersion: "1.3",
      scmMinTlsVersion: "1.3",
      ftpsState: "Disabled",
      http20Enabled: true,
      alwaysOn: true,
      healthCheckPath: "/healthz",
      remoteDebuggingEnabled: false,
    }));
    for (const t of ["azure-native:web:WebAppFtpAllowed", "azure-native:web:WebAppScmAllowed"]) expect(one(plans.prod, t).inputs.allow).toBe(false);
  });

  it("asks each SKU only for what it offers, and probes the dev placeholder where it really answers", () => {
    for (const stack of ["staging", "prod"]) expect(one(plans[stack], APP).inputs.endToEndEncryptionEnabled).toBe(true);
    // Basic (dev's B1) has no end-to-end TLS.
    expect(one(plans.dev, APP).inputs).not.toHaveProperty("endToEndEncryptionEnabled");
    const dev = one(plans.dev, APP).inputs;
    expect((dev.siteConfig as Bag).healthCheckPath).toBe("/");
    expect(((dev.siteConfig as Bag).appSettings as { name: string; value: string }[]).find((x) => x.name === "WEBSITES_PORT")?.value).toBe("80");
    const prod = one(plans.prod, APP).inputs;
    expect((prod.siteConfig as Bag).healthCheckPath).toBe("/healthz");
  });

  it("sizes the plan per environment and names dev's image a placeholder", () => {
    const sku = (stack: string) => one(plans[stack], "azure-native:web:AppServicePlan").inputs.sku;
    expect([sku("dev"), sku("staging"), sku("prod")]).toEqual([{ name: "B1", capacity: 1 }, { name: "P0v3", capacity: 1 }, { name: "P1v3", capacity: 2 }]);
    expect((one(plans.dev, APP).inputs.siteConfig as Bag).linuxFxVersion).toBe("DOCKER|mcr.microsoft.com/azuredocs/aci-helloworld:latest");
    expect(one(plans.dev, APP).inputs.tags).toEqual(expect.objectContaining({ "gateway-image": "placeholder" }));
    expect(one(plans.prod, APP).inputs.tags).not.toHaveProperty("gateway-image");
  });

  it("passes secrets only as Key Vault references, and the audit pipeline's coordinates", () => {
    const settings = Object.fromEntries(((one(plans.prod, APP).inputs.siteConfig as Bag).appSettings as { name: string; value: string }[]).map((s) => [s.name, s.value]));
    expect(settings).toEqual(expect.objectContaining({
      WEBSITES_PORT: "8080",
      MCP_AUDIT_STREAM: "Custom-MCPServerLogs_CL",
      MCP_AUDIT_INGESTION_ENDPOINT: plans.prod.outputs.logsIngestionEndpoint,
      MCP_AUDIT_DCR_IMMUTABLE_ID: plans.prod.outputs.dataCollectionRuleImmutableId,
      MCP_SECRET_GITHUB_MCP_TOKEN: expect.stringMatching(/^@Microsoft\.KeyVault\(SecretUri=https:\/\/kv-cursor-secrets-p[0-9a-f]{4}\.vault\.azure\.net\/secrets\/github-mcp-token\/\)$/),
    }));
    expect(Object.keys(settings).filter((k) => k.startsWith("MCP_SECRET_"))).toHaveLength(4);
  });

  it("grants its identity Key Vault Secrets User (per secret in prod) and Monitoring Metrics Publisher on the DCR", () => {
    const principal = plans.prod.outputs.gatewayPrincipalId;
    const mine = ofType(plans.prod, ROLE).filter((r) => r.inputs.principalId === principal);
    expect(mine.filter((r) => String(r.inputs.roleDefinitionId).endsWith("4633458b-17de-408a-b874-0445c86b69e6")).map((r) => String(r.inputs.scope).split("/").pop()).sort()).toEqual(["ado-mcp-token", "analytics-db-readonly", "github-mcp-token", "mcp-gateway-bearer-token"]);
    expect(mine.filter((r) => String(r.inputs.roleDefinitionId).endsWith("3913510d-42f4-4e42-8a64-420c390055eb"))).toHaveLength(1);
  });

  it("registers its own grants, under the names and with the deletedWith the vault and the audit pipeline gave them, so no assignment is re-created", () => {
    const principal = plans.prod.outputs.gatewayPrincipalId;
    const mine = ofType(plans.prod, ROLE).filter((r) => r.inputs.principalId === principal);
    const logical = (urn: string) => urn.split("::").pop() ?? "";
    expect(mine.map((r) => logical(r.urn)).sort()).toEqual(["audit-ingest-gateway", "secrets-read-gateway-ado-mcp-token", "secrets-read-gateway-analytics-db-readonly", "secrets-read-gateway-github-mcp-token", "secrets-read-gateway-mcp-gateway-bearer-token"]);
    for (const r of mine) {
      expect(r.parent).toMatch(/\$mcp-guard:index:McpGatewayHost::gateway$/);
      expect(r.inputs.roleAssignmentName).toBe(stableGuid(`mcp-guard/prod/${logical(r.urn)}`));
      expect(r.deletedWith).toMatch(logical(r.urn) === "audit-ingest-gateway" ? /DataCollectionRule::audit-dcr$/ : /keyvault:Vault::secrets-vault$/);
    }
  });

  it("resolves Key Vault references from its first start: a user-assigned identity granted before the app exists", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const identity = one(plans[stack], "azure-native:managedidentity:UserAssignedIdentity", (i) => String(i.inputs.resourceName).endsWith("mcp-gateway-" + stack));
      const app = one(plans[stack], APP);
      const grants = ofType(plans[stack], ROLE).filter((r) => r.inputs.principalId === plans[stack].outputs.gatewayPrincipalId);
      // Key Vault Secrets User (per vault or per secret) and Monitoring Metrics Publisher on the DCR.
      expect(grants.length).toBeGreaterThanOrEqual(2);
      for (const g of grants) {
        expect(g.dependencies).toContain(identity.urn);
        expect(app.dependencies).toContain(g.urn);
      }
      expect(app.inputs.keyVaultReferenceIdentity).toBe((app.inputs.identity as { userAssignedIdentities: string[] }).userAssignedIdentities[0]);
      const settings = (app.inputs.siteConfig as Bag).appSettings as { name: string; value: unknown }[];
      expect(settings.find((x) => x.name === "AZURE_CLIENT_ID")?.value).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("sends its logs to the audit workspace and outputs the private URL and a Cursor mcp.json", () => {
    const diag = ofType(plans.prod, "azure-native:monitor:DiagnosticSetting").find((d) => String(d.inputs.resourceUri).includes("/sites/"));
    expect(diag?.inputs).toEqual(expect.objectContaining({ logs: [{ categoryGroup: "allLogs", enabled: true }], workspaceId: expect.stringMatching(/law-cursor-audit-prod$/) }));
    const url = plans.prod.outputs.gatewayPrivateUrl;
    expect(url).toMatch(/^https:\/\/app-cursor-mcp-gateway-prod-[0-9a-f]{4}\.azurewebsites\.net\/mcp$/);
    expect(JSON.parse(String(plans.prod.outputs.cursorMcpJson))).toEqual({
      mcpServers: { "mcp-gateway": { url, auth: { CLIENT_ID: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54", scopes: ["api://3b1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13/user_impersonation"] } } },
    });
  });
});

describe("gateway network config", () => {
  it("reports CIDRs outside the space, overlapping, too small or open to the internet, each by key", () => {
    expect(problemsOf({
      ...stackMap("dev"),
      "mcp-guard:networkAddressSpace": "10.60.0.0/24",
      "mcp-guard:networkPrivateEndpointSubnet": "10.61.0.0/26",
      "mcp-guard:networkIntegrationSubnet": "10.60.0.0/29",
      "mcp-guard:networkClientRanges": ["0.0.0.0/0", "10.0.0.5/8"],
    })).toEqual([
      'mcp-guard:networkClientRanges: "0.0.0.0/0" is not allowed; the gateway is never reachable from the internet',
      'mcp-guard:networkClientRanges: "10.0.0.5/8" has host bits set; did you mean 10.0.0.0/8?',
      "mcp-guard:networkPrivateEndpointSubnet: 10.61.0.0/26 is outside the address space 10.60.0.0/24",
      "mcp-guard:networkIntegrationSubnet: 10.60.0.0/29 is too small; allowed /27 or larger (/26 recommended: each App Service instance takes an address)",
    ]);
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:networkIntegrationSubnet": "10.60.0.32/27" })).toEqual([
      "mcp-guard:networkIntegrationSubnet: 10.60.0.32/27 overlaps the private endpoint subnet 10.60.0.0/26",
    ]);
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:networkAddressSpace": "10.60.0.0/33" })).toEqual([
      'mcp-guard:networkAddressSpace: "10.60.0.0/33" is not an IPv4 CIDR range such as 10.60.0.0/24',
    ]);
  });

  it("needs both existing subnets, never mixed with CIDRs, and an image outside dev", () => {
    const subnet = "/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe";
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:existingPrivateEndpointSubnetId": subnet })).toEqual([
      "mcp-guard:existingIntegrationSubnetId: is required with the other existing subnet id; give both or neither",
    ]);
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:existingPrivateEndpointSubnetId": subnet, "mcp-guard:existingIntegrationSubnetId": subnet, "mcp-guard:networkAddressSpace": "10.1.0.0/24" })).toEqual([
      "mcp-guard:networkAddressSpace: is not used with existing subnets; remove it or the existing subnet ids",
    ]);
    const { "mcp-guard:gatewayImage": _image, ...noImage } = stackMap("prod");
    expect(problemsOf(noImage)).toEqual([
      "mcp-guard:gatewayImage: is required in prod; allowed a container image reference such as ghcr.io/contoso/mcp-gateway:1.4.2 (dev alone runs a placeholder)",
    ]);
  });
});

describe("the gateway in a hub-and-spoke stack (bring your own network and DNS)", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await runPlan({ projectDir: path.join(ROOT, "test/fixtures/gateway-byo"), stack: "test" });
  });

  it("creates no VNet, NSG, NAT or zone, and uses the hub's subnets and zones", () => {
    for (const t of [VNET, "azure-native:network:NetworkSecurityGroup", "azure-native:network:NatGateway", ZONE, "azure-native:privatedns:VirtualNetworkLink"]) expect(ofType(plan, t)).toEqual([]);
    expect(one(plan, APP).inputs.virtualNetworkSubnetId).toMatch(/vnet-hub\/subnets\/snet-apps$/);
    for (const pe of ofType(plan, PE)) expect(pe.inputs.subnet).toEqual(expect.objectContaining({ id: expect.stringMatching(/vnet-hub\/subnets\/snet-pe$/) }));
    const zones = ofType(plan, "azure-native:network:PrivateDnsZoneGroup").flatMap((z) => (z.inputs.privateDnsZoneConfigs as Bag[]).map((c) => c.privateDnsZoneId));
    expect(zones.sort()).toEqual([expect.stringMatching(/rg-hub-dns.*privatelink\.azurewebsites\.net$/), expect.stringMatching(/rg-hub-dns.*privatelink\.vaultcore\.azure\.net$/)]);
  });

  it("still breaks no mandatory rule", () => {
    expect(plan.violations.filter((v) => v.enforcement === "mandatory" && v.exception === undefined)).toEqual([]);
  });
});
