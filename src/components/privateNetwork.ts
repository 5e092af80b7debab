import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { InputError } from "../errors";
import { cidrProblem, contains, isPrivateRange, overlaps, parseCidr } from "../cidr";
import { PRIVATE_DNS_ZONES, PrivateLinkGroup } from "../privateLink";
import { DiagnosticsArgs, lockResource, LockArgs, sendDiagnostics } from "./shared";

/** A VNet this component creates, with its two subnets. */
export interface NewNetworkArgs {
  /** VNet address space (CIDR). */
  addressSpace: string;
  /** Subnet for private endpoints (CIDR inside addressSpace, /28 or larger). */
  privateEndpointSubnet: string;
  /** Subnet for the App Service outbound integration (CIDR inside addressSpace, /27 or larger; /26 leaves room to scale out). */
  integrationSubnet: string;
  /** Sources allowed to reach private endpoints on 443 besides the integration subnet: CIDRs or the VirtualNetwork service tag. */
  clientRanges: string[];
  /** Names of what is created. */
  names: NewNetworkNames;
}

/** Names of the VNet and what surrounds it, each as Azure shows it. */
export interface NewNetworkNames {
  /** Virtual network name. */
  vnet: string;
  /** Network security group on the private endpoint subnet. */
  privateEndpointNsg: string;
  /** Network security group on the integration subnet. */
  integrationNsg: string;
  /** NAT gateway of the integration subnet's outbound traffic. */
  natGateway: string;
  /** Static public IP of the NAT gateway. */
  natPublicIp: string;
}

/** Subnets in a hub the enterprise already runs: nothing network-wide is created. */
export interface ExistingNetworkArgs {
  /** Resource id of the subnet that holds the private endpoints. */
  privateEndpointSubnetId: string;
  /** Resource id of a subnet delegated to Microsoft.Web/serverFarms, for the gateway's outbound traffic. */
  integrationSubnetId: string;
}

export interface McpPrivateNetworkArgs {
  /** Resource group of the VNet, NSGs, NAT gateway and zones. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the VNet (zones are global). */
  location: pulumi.Input<string>;
  /** The VNet to create; give exactly one of create and existing. @default - none */
  create?: NewNetworkArgs;
  /** Existing subnets to use instead (nothing network-wide is created); give exactly one of create and existing. @default - none */
  existing?: ExistingNetworkArgs;
  /** Services that get private endpoints: their DNS zones are created (or taken from existingZoneIds) and linked. */
  groups: PrivateLinkGroup[];
  /** Existing private DNS zone ids by zone name (hub-owned zones). @default {} - zones are created here */
  existingZoneIds?: Record<string, string>;
  /** Where the NSGs' logs go. @default - no diagnostic settings */
  diagnostics?: DiagnosticsArgs;
  /** Tags on every resource. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the VNet. @default - none */
  lock?: LockArgs;
}

type NetworkField = "addressSpace" | "privateEndpointSubnet" | "integrationSubnet" | "clientRanges";

/** Problems with a new network's CIDRs, each with the field it concerns and the fix. */
export function networkProblems(n: Omit<NewNetworkArgs, "names">): { field: NetworkField; message: string }[] {
  const space = parseCidr(n.addressSpace);
  const pe = parseCidr(n.privateEndpointSubnet);
  const app = parseCidr(n.integrationSubnet);
  const problems: { field: NetworkField; message: string }[] = [];
  const add = (field: NetworkField, message: string) => problems.push({ field, message });
  if (!space) add("addressSpace", cidrProblem(n.addressSpace, "an IPv4 CIDR range such as 10.60.0.0/24") ?? "");
  if (!pe) add("privateEndpointSubnet", cidrProblem(n.privateEndpointSubnet, "an IPv4 CIDR range such as 10.60.0.0/26") ?? "");
  if (!app) add("integrationSubnet", cidrProblem(n.integrationSubnet, "an IPv4 CIDR range such as 10.60.0.64/26") ?? "");
  // Azure accepts public ranges in a VNet, but addresses it then routes privately are unreachable on the internet and
  // the gateway's private endpoints would sit on someone else's addresses (Learn: Virtual network FAQ, address ranges).
  if (space && !isPrivateRange(space)) add("addressSpace", `${space.text} is not private; allowed a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
  for (const r of n.clientRanges) {
    const c = parseCidr(r);
    if (r === "*" || r === "0.0.0.0/0" || r === "Internet") add("clientRanges", `${JSON.stringify(r)} is not allowed; the gateway is never reachable from the internet`);
    else if (r === "VirtualNetwork") continue;
    else if (!c) add("clientRanges", cidrProblem(r, "a CIDR range or VirtualNetwork") ?? "");
    // Each range private, so no set of them (0.0.0.0/1 with 128.0.0.0/1) can add up to the internet either.
    else if (!isPrivateRange(c)) add("clientRanges", `${c.text} is not a private range; the gateway is never reachable from the internet (allowed VirtualNetwork or ranges inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
  }
  if (!space || !pe || !app) return problems;
  if (!contains(space, pe)) add("privateEndpointSubnet", `${pe.text} is outside the address space ${space.text}`);
  if (!contains(space, app)) add("integrationSubnet", `${app.text} is outside the address space ${space.text}`);
  if (overlaps(pe, app)) add("integrationSubnet", `${app.text} overlaps the private endpoint subnet ${pe.text}`);
  if (pe.prefix > 28) add("privateEndpointSubnet", `${pe.text} is too small; allowed /28 or larger (Azure reserves 5 addresses per subnet)`);
  if (app.prefix > 27) add("integrationSubnet", `${app.text} is too small; allowed /27 or larger (/26 recommended: each App Service instance takes an address)`);
  return problems;
}

/**
 * Which network the args ask for. Two optional fields rather than a union of `{ create }` and `{ existing }`:
 * Pulumi's component analyzer takes no union of object types, and other languages cannot write one.
 */
function networkChoice(name: string, args: McpPrivateNetworkArgs): { create: NewNetworkArgs } | { existing: ExistingNetworkArgs } {
  if (args.create && !args.existing) return { create: args.create };
  if (args.existing && !args.create) return { existing: args.existing };
  throw new InputError(`McpPrivateNetwork ${name}: invalid args`, [`give exactly one of create (a new VNet) and existing (subnets you already have); ${args.create ? "both are" : "neither is"} given`]);
}

/**
 * The private network the MCP gateway lives in: a VNet with a private-endpoint subnet and an
 * integration subnet (delegated to App Service), an NSG on each with explicit rules and nothing open
 * to the internet, a NAT gateway for the gateway's calls to upstream MCP servers, and the private DNS
 * zones the private endpoints register in, linked to the VNet. Or, bring-your-own: existing subnets
 * and hub zones, and nothing network-wide is created.
 */
export class McpPrivateNetwork extends pulumi.ComponentResource {
  readonly privateEndpointSubnetId: pulumi.Output<string>;
  readonly integrationSubnetId: pulumi.Output<string>;
  readonly vnetId: pulumi.Output<string>;
  /** Zone ids by zone name, for the private endpoints' zone groups. */
  readonly zoneIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: McpPrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpPrivateNetwork", name, {}, opts);
    const choice = networkChoice(name, args);
    const problems = "create" in choice ? networkProblems(choice.create).map((p) => `${p.field}: ${p.message}`) : [];
    if (problems.length > 0) throw new Error(`McpPrivateNetwork ${name}: ${problems.join("; ")}`);
    const tags = args.tags ?? {};

    if ("create" in choice) {
      const n = choice.create;
      const nsgs = this.securityGroups(name, args, n, tags);
      const ip = new network.PublicIPAddress(
        `${name}-nat-ip`,
        { publicIpAddressName: n.names.natPublicIp, resourceGroupName: args.resourceGroupName, location: args.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags },
        { parent: this },
      );
      // Outbound only: the gateway calls upstream MCP servers (GitHub, Azure DevOps) through it; nothing can connect in.
      const nat = new network.NatGateway(
        `${name}-nat`,
        { natGatewayName: n.names.natGateway, resourceGroupName: args.resourceGroupName, location: args.location, sku: { name: "Standard" }, publicIpAddresses: [{ id: ip.id }], tags },
        { parent: this },
      );
      const vnet = new network.VirtualNetwork(
        `${name}-vnet`,
        {
          virtualNetworkName: n.names.vnet,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          addressSpace: { addressPrefixes: [n.addressSpace] },
          // Subnets inline: separate Subnet resources and an inline list fight over the VNet on every update.
          subnets: [
            {
              name: "snet-private-endpoints",
              addressPrefix: n.privateEndpointSubnet,
              networkSecurityGroup: { id: nsgs.privateEndpoints.id },
              // Without this, NSG rules are not applied to private endpoint NICs.
              privateEndpointNetworkPolicies: "Enabled",
              defaultOutboundAccess: false,
            },
            {
              name: "snet-gateway-integration",
              addressPrefix: n.integrationSubnet,
              networkSecurityGroup: { id: nsgs.integration.id },
              delegations: [{ name: "app-service", serviceName: "Microsoft.Web/serverFarms" }],
              natGateway: { id: nat.id },
              defaultOutboundAccess: false,
            },
          ],
          tags,
        },
        { parent: this },
      );
      this.vnetId = vnet.id;
      this.privateEndpointSubnetId = pulumi.interpolate`${vnet.id}/subnets/snet-private-endpoints`;
      this.integrationSubnetId = pulumi.interpolate`${vnet.id}/subnets/snet-gateway-integration`;
      if (args.lock) lockResource(this, `${name}-lock`, vnet.id, args.lock);
    } else {
      const existing = choice.existing;
      this.privateEndpointSubnetId = pulumi.output(existing.privateEndpointSubnetId);
      this.integrationSubnetId = pulumi.output(existing.integrationSubnetId);
      this.vnetId = pulumi.output(existing.privateEndpointSubnetId.replace(/\/subnets\/[^/]+$/i, ""));
    }

    this.zoneIds = {};
    const zoneNames = [...new Set(args.groups.flatMap((g) => PRIVATE_DNS_ZONES[g]))];
    for (const zoneName of zoneNames) {
      const given = args.existingZoneIds?.[zoneName];
      if (given !== undefined) {
        this.zoneIds[zoneName] = pulumi.output(given);
        continue;
      }
      const zone = new privatedns.PrivateZone(`${name}-zone-${zoneName}`, { privateZoneName: zoneName, resourceGroupName: args.resourceGroupName, location: "global", tags }, { parent: this });
      new privatedns.VirtualNetworkLink(
        `${name}-link-${zoneName}`,
        {
          virtualNetworkLinkName: `link-${name}`,
          privateZoneName: zone.name,
          resourceGroupName: args.resourceGroupName,
          location: "global",
          virtualNetwork: { id: this.vnetId },
          // Resolve only: private endpoints register through their zone groups, VMs never auto-register.
          registrationEnabled: false,
          tags,
        },
        { parent: this },
      );
      this.zoneIds[zoneName] = zone.id;
    }

    this.registerOutputs({ vnetId: this.vnetId, privateEndpointSubnetId: this.privateEndpointSubnetId, integrationSubnetId: this.integrationSubnetId });
  }

  /** The zones a private endpoint of `group` registers in. */
  zonesFor(group: PrivateLinkGroup): pulumi.Output<string>[] {
    return PRIVATE_DNS_ZONES[group].map((z) => {
      const id = this.zoneIds[z];
      if (!id) throw new Error(`McpPrivateNetwork: no zone ${z}; add "${group}" to groups`);
      return id;
    });
  }

  private securityGroups(name: string, args: McpPrivateNetworkArgs, n: NewNetworkArgs, tags: Record<string, string>) {
    const denyInternetInbound = { name: "deny-internet-inbound", priority: 4000, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*" };
    const privateEndpoints = new network.NetworkSecurityGroup(
      `${name}-nsg-private-endpoints`,
      {
        networkSecurityGroupName: n.names.privateEndpointNsg,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        securityRules: [
          { name: "allow-gateway-to-endpoints-https", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: n.integrationSubnet, sourcePortRange: "*", destinationAddressPrefix: n.privateEndpointSubnet, destinationPortRange: "443" },
          ...n.clientRanges.map((source, i) => ({
            name: `allow-clients-https-${i}`,
            priority: 200 + i,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefix: source,
            sourcePortRange: "*",
            destinationAddressPrefix: n.privateEndpointSubnet,
            destinationPortRange: "443",
          })),
          denyInternetInbound,
          { name: "deny-vnet-inbound-other", priority: 4010, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationAddressPrefix: n.privateEndpointSubnet, destinationPortRange: "*" },
        ],
        tags,
      },
      { parent: this },
    );
    const integration = new network.NetworkSecurityGroup(
      `${name}-nsg-integration`,
      {
        networkSecurityGroupName: n.names.integrationNsg,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        securityRules: [
          denyInternetInbound,
          { name: "allow-endpoints-https", priority: 100, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: n.integrationSubnet, sourcePortRange: "*", destinationAddressPrefix: n.privateEndpointSubnet, destinationPortRange: "443" },
          { name: "allow-upstream-mcp-https", priority: 200, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: n.integrationSubnet, sourcePortRange: "*", destinationAddressPrefix: "Internet", destinationPortRange: "443" },
          { name: "deny-lateral-management", priority: 300, direction: "Outbound", access: "Deny", protocol: "Tcp", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "VirtualNetwork", destinationPortRanges: ["22", "3389"] },
          { name: "deny-internet-outbound-other", priority: 4000, direction: "Outbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "Internet", destinationPortRange: "*" },
        ],
        tags,
      },
      { parent: this },
    );
    if (args.diagnostics) {
      sendDiagnostics(this, `${name}-nsg-private-endpoints-diagnostics`, privateEndpoints.id, args.diagnostics, { categoryGroups: ["allLogs"], metrics: false });
      sendDiagnostics(this, `${name}-nsg-integration-diagnostics`, integration.id, args.diagnostics, { categoryGroups: ["allLogs"], metrics: false });
    }
    return { privateEndpoints, integration };
  }
}
