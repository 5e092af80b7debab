/**
 * Why a CIDR may not pass a Key Vault firewall, or undefined: public IPv4 only, /8 or narrower. Shared by
 * the component, the config check and rule KV-05, so all three agree on what "narrow" means.
 */
export function firewallRangeProblem(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return `${JSON.stringify(cidr)} is not an IPv4 CIDR range`;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (Number(m[5]) < 8) return `${JSON.stringify(cidr)} opens the vault to a large part of the internet; allowed /8 or narrower`;
  if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
    return `${JSON.stringify(cidr)} is a private range; Key Vault firewall rules take public addresses only (use the private endpoint)`;
  }
  return undefined;
}

/** Why a webhook URI carries credentials (a plain webhook's basic auth travels in it), or undefined. AG-05. */
export function webhookCredentialsProblem(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.username || url.password || url.search ? "the URI carries credentials (user info or a query string); use an Entra-secured webhook and keep secrets out of URIs (value not shown)" : undefined;
  } catch {
    return undefined;
  }
}

/** Why Azure Monitor could not call a webhook URI: not a URL, not HTTPS, or a private host. AG-06. */
export function webhookTargetProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not a URL`;
  }
  if (url.protocol !== "https:") return `${JSON.stringify(uri)} is not HTTPS`;
  const host = url.hostname;
  if (host === "localhost" || /^(10|127)\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || host.startsWith("[")) {
    return `${JSON.stringify(host)} is not a public host; action groups call webhooks from Azure Monitor's public service`;
  }
  return undefined;
}

/** Why a URI may not be an action group webhook, or undefined: the config check and the component use it. */
export function webhookUriProblem(uri: string): string | undefined {
  return webhookTargetProblem(uri) ?? webhookCredentialsProblem(uri);
}
