import * as pulumi from "@pulumi/pulumi";
import { McpPrivateNetwork, McpPrivateNetworkArgs } from "../src/components/privateNetwork";
import { InputError } from "../src/errors";
import { PrivateLinkGroup } from "../src/privateLink";

/*
 * The network is `create` or `existing`, two optional fields since Pulumi's analyzer takes no union of
 * object types: exactly one must be given, and a wrong choice fails before any child is registered.
 */
const registered: string[] = [];
beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a.type);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    "mcp-guard",
    "test",
    true,
  ),
);
beforeEach(() => registered.splice(0));

const groups: PrivateLinkGroup[] = ["vault"];
const placement = { resourceGroupName: "rg-test", location: "westeurope", groups };
const create = {
  addressSpace: "10.60.0.0/24",
  privateEndpointSubnet: "10.60.0.0/26",
  integrationSubnet: "10.60.0.64/26",
  clientRanges: ["VirtualNetwork"],
  names: { vnet: "vnet-test", privateEndpointNsg: "nsg-pe-test", integrationNsg: "nsg-app-test", natGateway: "ng-test", natPublicIp: "pip-test" },
};
const existing = { privateEndpointSubnetId: "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/v/subnets/pe", integrationSubnetId: "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/v/subnets/app" };
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("McpPrivateNetwork's create or existing", () => {
  it.each<[string, McpPrivateNetworkArgs, string]>([
    ["neither", placement, "neither is given"],
    ["both", { ...placement, create, existing }, "both are given"],
  ])("refuses %s with an InputError, and registers no child", async (_, args, said) => {
    let thrown: unknown;
    try {
      new McpPrivateNetwork("net", args);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect(thrown instanceof InputError ? thrown.problems : []).toEqual([`give exactly one of create (a new VNet) and existing (subnets you already have); ${said}`]);
    await settle();
    expect(registered.filter((t) => t.startsWith("azure-native:"))).toEqual([]);
  });

  it("creates the VNet with create, and nothing network-wide with existing", async () => {
    new McpPrivateNetwork("new", { ...placement, create });
    await settle();
    expect(registered).toEqual(expect.arrayContaining(["azure-native:network:VirtualNetwork", "azure-native:network:NatGateway"]));
    registered.splice(0);
    new McpPrivateNetwork("byo", { ...placement, existing });
    await settle();
    expect(registered.filter((t) => t.startsWith("azure-native:network:"))).toEqual([]);
    expect(registered).toContain("azure-native:privatedns:PrivateZone");
  });
});
