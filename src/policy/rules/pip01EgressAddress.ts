import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** The only public address mcp-guard creates is the NAT gateway's egress address: Standard, static. */
export const pip01EgressAddress: PolicyRule = {
  id: "PIP-01",
  title: "Public IP addresses are Standard SKU and static (NAT egress only)",
  enforcement: "advisory",
  severity: "low",
  remediation: "Use a Standard SKU static public IP, and only for NAT egress.",
  resourceTypes: ["azure-native:network:PublicIPAddress", "azure-native:network:NatGateway"],
  check: ({ type, inputs }) => {
    if (type === "azure-native:network:NatGateway") return [];
    const sku = at(inputs, "sku.name");
    const method = at(inputs, "publicIPAllocationMethod");
    return [
      ...(sku === UNKNOWABLE || sku === "Standard" ? [] : [`sku.name is ${JSON.stringify(sku ?? "unset")}; use Standard (Basic addresses are retired and open by default)`]),
      ...(method === UNKNOWABLE || method === "Static" ? [] : [`publicIPAllocationMethod is ${JSON.stringify(method ?? "unset")}; use Static so upstream allow-lists can name the gateway's egress address`]),
    ];
  },
};
