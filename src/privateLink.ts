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
} as const;
export type PrivateLinkGroup = keyof typeof PRIVATE_DNS_ZONES;
