import { ResourceUnderCheck } from "../../src/policy/types";
import { BLINDED_SECRET, UNKNOWN } from "../../src/plan/digest";
import { Plan } from "../../src/plan/offlinePlan";
import { clone, ofType, one, planStack, ruleById } from "../helpers";

const rule = ruleById;
type Bag = Record<string, unknown>;

describe("network, private endpoint and App Service rules", () => {
  let prod: Plan;
  const base: Record<string, ResourceUnderCheck> = {};
  beforeAll(async () => {
    prod = await planStack("prod");
    const as = (s: { type: string; urn: string; inputs: Bag }): ResourceUnderCheck => ({ type: s.type, name: "x", urn: s.urn, inputs: s.inputs });
    base.vnet = as(one(prod, "azure-native:network:VirtualNetwork"));
    base.nsg = as(one(prod, "azure-native:network:NetworkSecurityGroup", (n) => n.inputs.networkSecurityGroupName === "nsg-cursor-private-endpoints-prod"));
    base.pe = as(ofType(prod, "azure-native:network:PrivateEndpoint").find((p) => String(p.inputs.privateEndpointName) === "secrets-pe") ?? ofType(prod, "azure-native:network:PrivateEndpoint")[0]);
    base.zone = as(ofType(prod, "azure-native:privatedns:PrivateZone")[0]);
    base.link = as(ofType(prod, "azure-native:privatedns:VirtualNetworkLink")[0]);
    base.app = as(one(prod, "azure-native:web:WebApp"));
    base.plan = as(one(prod, "azure-native:web:AppServicePlan"));
    base.ftp = as(one(prod, "azure-native:web:WebAppFtpAllowed"));
    base.appDiag = as(ofType(prod, "azure-native:monitor:DiagnosticSetting").find((d) => String(d.inputs.resourceUri).includes("/sites/")) ?? ofType(prod, "azure-native:monitor:DiagnosticSetting")[0]);
  });

  const weaken = (r: ResourceUnderCheck, edit: (i: Bag) => void): ResourceUnderCheck => {
    const inputs = clone(r.inputs);
    edit(inputs);
    return { ...r, inputs };
  };
  const subnet = (i: Bag, n: number) => (i.subnets as Bag[])[n];
  const site = (i: Bag) => i.siteConfig as Bag;
  const setting = (i: Bag, name: string) => (site(i).appSettings as Bag[]).find((s) => s.name === name) as Bag;

  const cases: [string, string, (i: Bag) => void, string[]][] = [
    ["NET-01", "vnet", (i) => delete subnet(i, 0).networkSecurityGroup, ["subnets[0] (snet-private-endpoints) has no networkSecurityGroup; attach one with explicit rules"]],
    ["NET-03", "vnet", (i) => delete subnet(i, 0).privateEndpointNetworkPolicies, ['subnets[0] (snet-private-endpoints).privateEndpointNetworkPolicies is "unset"; set it to "Enabled" so the NSG applies to private endpoint NICs']],
    ["NET-04", "vnet", (i) => (subnet(i, 1).addressPrefix = "10.60.0.64/28"), ["subnets[1] (snet-gateway-integration) is 10.60.0.64/28; an App Service integration subnet needs /27 or larger (/26 recommended)"]],
    ["NSG-01", "nsg", (i) => ((i.securityRules as Bag[])[0].sourceAddressPrefix = "*"), ["securityRules[0] (allow-gateway-to-endpoints-https) allows inbound from *; the MCP gateway is never reachable from the internet"]],
    ["NSG-02", "nsg", (i) => (i.securityRules as Bag[]).push({ name: "ssh", direction: "Inbound", access: "Allow", sourceAddressPrefix: "Internet", destinationPortRange: "20-25" }), [
      "securityRules[4] (ssh) opens SSH or RDP (20-25) to Internet; remove it and use Bastion or just-in-time access",
    ]],
    ["PE-01", "pe", (i) => ((i.privateLinkServiceConnections as Bag[])[0].groupIds = ["sites"]), ['privateLinkServiceConnections[0].groupIds is ["sites"]; a private endpoint to this target uses ["vault"]']],
    ["PE-04", "link", (i) => (i.registrationEnabled = true), ["registrationEnabled is true; set it to false so only private endpoints write records in the zone"]],
    ["APP-01", "app", (i) => (i.httpsOnly = false), ["httpsOnly is false; set it to true"]],
    ["APP-02", "app", (i) => (site(i).minTlsVersion = "1.0"), ['siteConfig.minTlsVersion is "1.0"; set it to "1.3" (or "1.2" at least)']],
    ["APP-04", "app", (i) => (i.publicNetworkAccess = "Enabled"), ['publicNetworkAccess is "Enabled"; set it to "Disabled": MCP servers are never exposed on the public internet']],
    ["APP-05", "plan", (i) => (i.sku = { name: "F1" }), ['sku.name is "F1"; Free and Shared plans have no private endpoints or VNet integration, use B1 or higher']],
    ["APP-06", "app", (i) => (site(i).ftpsState = "AllAllowed"), ['siteConfig.ftpsState is "AllAllowed"; set it to "Disabled"']],
    ["APP-07", "ftp", (i) => (i.allow = true), ["allow is true; set it to false so publishing needs Entra credentials"]],
    ["APP-08", "app", (i) => (site(i).remoteDebuggingEnabled = true), ["siteConfig.remoteDebuggingEnabled is true; set it to false"]],
    ["APP-09", "app", (i) => delete i.identity, ["identity.type is unset; give the app a managed identity to read Key Vault and write audit records without secrets"]],
    ["APP-11", "app", (i) => delete i.virtualNetworkSubnetId, ["virtualNetworkSubnetId is unset; integrate the app with a delegated subnet so it reaches Key Vault and Azure Monitor privately"]],
    ["APP-12", "app", (i) => delete i.outboundVnetRouting, ["outboundVnetRouting.allTraffic is not true; route all outbound traffic through the VNet (Linux apps need it for Key Vault references over private endpoints)"]],
    ["APP-14", "app", (i) => (site(i).cors = { allowedOrigins: ["https://cursor.sh", "*"] }), ['siteConfig.cors.allowedOrigins contains "*"; list the origins that may call the gateway']],
    ["APP-20", "app", (i) => (i.clientAffinityEnabled = true), ["clientAffinityEnabled is true; set it to false unless MCP sessions live in one instance's memory"]],
    ["DIAG-02", "appDiag", (i) => (i.logs = [{ categoryGroup: "audit", enabled: true }]), ["logs do not include allLogs; collect HTTP, console, app and audit logs of the gateway"]],
  ];

  it.each(cases)("%s passes the shipped %s and fails a weakened one with its message", (id, which, edit, messages) => {
    expect(rule(id).check(base[which])).toEqual([]);
    expect(rule(id).check(weaken(base[which], edit))).toEqual(messages);
  });

  it("PE-03 and APP-10 name the problem without echoing secrets", () => {
    expect(rule("PE-03").check(base.zone)).toEqual([]);
    expect(rule("PE-03").check(weaken(base.zone, (i) => (i.privateZoneName = "vault.contoso.internal")))).toEqual([expect.stringMatching(/^privateZoneName is "vault\.contoso\.internal"; allowed privatelink\.vaultcore\.azure\.net, /)]);
    expect(rule("APP-10").check(base.app)).toEqual([]);
    const plain = rule("APP-10").check(weaken(base.app, (i) => (setting(i, "MCP_SECRET_GITHUB_MCP_TOKEN").value = "github_pat_11AAAA")));
    expect(plain).toEqual([expect.stringMatching(/^siteConfig\.appSettings\[\d+\] \(MCP_SECRET_GITHUB_MCP_TOKEN\) holds a value, not a Key Vault reference/)]);
    expect(plain.join()).not.toContain("github_pat");
    expect(rule("APP-10").check(weaken(base.app, (i) => (setting(i, "MCP_SECRET_GITHUB_MCP_TOKEN").value = { ...BLINDED_SECRET })))).toHaveLength(1);
    expect(rule("APP-10").check(weaken(base.app, (i) => (setting(i, "MCP_SECRET_GITHUB_MCP_TOKEN").value = UNKNOWN)))).toEqual([]);
  });
});
