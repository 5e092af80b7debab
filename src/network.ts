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
