/** Services that get private endpoints, by their private link group id (an analyzer enum, as LockLevel). */
export const PrivateLinkGroup = { Vault: "vault", Sites: "sites", AzureMonitor: "azuremonitor" } as const;
export type PrivateLinkGroup = (typeof PrivateLinkGroup)[keyof typeof PrivateLinkGroup];

/** Private DNS zones by the service that needs them (Azure docs "Azure Private Endpoint DNS configuration"). */
export const PRIVATE_DNS_ZONES = {
  vault: ["privatelink.vaultcore.azure.net"],
  sites: ["privatelink.azurewebsites.net"],
  azuremonitor: [
    "privatelink.monitor.azure.com",
    "privatelink.oms.opinsights.azure.com",
    "privatelink.ods.opinsights.azure.com",
    "privatelink.agentsvc.azure-automation.net",
    "privatelink.blob.core.windows.net",
  ],
} as const satisfies Record<PrivateLinkGroup, readonly string[]>;
