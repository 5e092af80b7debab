/** IPv4 CIDR arithmetic for the gateway network's config checks: parse, containment, overlap, size. */
export interface Cidr {
  text: string;
  /** First address as an unsigned 32-bit number. */
  start: number;
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Address and prefix of `a.b.c.d/n`, host bits kept; undefined when it is not one. */
function parseParts(text: string): { address: number; prefix: number } | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  // Leading zeros read as octal in some parsers (010 = 8), so a range would mean two things.
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0"))) || prefix > 32) return undefined;
  return { address: octets.reduce((n, o) => n * 256 + o, 0), prefix };
}

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

export function parseCidr(text: string): Cidr | undefined {
  const parts = parseParts(text);
  if (!parts) return undefined;
  // A CIDR whose address has host bits set (10.0.0.5/24) is a typo Azure rejects.
  if (parts.address % 2 ** (32 - parts.prefix) !== 0) return undefined;
  return { text, start: parts.address, prefix: parts.prefix };
}

/**
 * Why `text` is not a CIDR range, with the fix: the normalised range when only host bits are set
 * (10.0.0.5/24 -> 10.0.0.0/24), else what a range looks like. Undefined when it is one.
 */
export function cidrProblem(text: string, allowed = "an IPv4 CIDR range"): string | undefined {
  const parts = parseParts(text);
  if (!parts) return `${JSON.stringify(text)} is not ${allowed}`;
  const size = 2 ** (32 - parts.prefix);
  if (parts.address % size === 0) return undefined;
  return `${JSON.stringify(text)} has host bits set; did you mean ${dotted(parts.address - (parts.address % size))}/${parts.prefix}?`;
}

export const cidrSize = (c: Cidr): number => 2 ** (32 - c.prefix);
export const contains = (outer: Cidr, inner: Cidr): boolean => inner.start >= outer.start && inner.start + cidrSize(inner) <= outer.start + cidrSize(outer);
export const overlaps = (a: Cidr, b: Cidr): boolean => a.start < b.start + cidrSize(b) && b.start < a.start + cidrSize(a);

const range = (text: string): Cidr => {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad built-in range ${text}`);
  return c;
};

/** RFC 1918 private space: what a VNet, its subnets and the gateway's client ranges must lie in. */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(range);

/**
 * IPv4 ranges that are not the public internet: IANA's IPv4 Special-Purpose Address Registry (RFC 6890
 * and its updates), the private ranges, multicast (RFC 5771) and Azure's own virtual public address
 * 168.63.129.16 (Learn: "What is IP address 168.63.129.16?"), which answers DNS and health probes
 * inside every VNet. A range that overlaps any of these is not "public".
 */
export const SPECIAL_RANGES: readonly { cidr: Cidr; name: string }[] = [
  ["0.0.0.0/8", "this-network"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared address space (carrier-grade NAT)"],
  ["127.0.0.0/8", "loopback"],
  ["168.63.129.16/32", "Azure's platform address"],
  ["169.254.0.0/16", "link-local (it holds the instance metadata address 169.254.169.254)"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation (TEST-NET-1)"],
  ["192.88.99.0/24", "deprecated 6to4 relay anycast"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation (TEST-NET-2)"],
  ["203.0.113.0/24", "documentation (TEST-NET-3)"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved (it holds the broadcast address 255.255.255.255)"],
].map(([text, name]) => ({ cidr: range(text), name }));

/** The first special-purpose range `c` overlaps, or undefined when every address in it is public. */
export function specialRangeOverlap(c: Cidr): { cidr: Cidr; name: string } | undefined {
  return SPECIAL_RANGES.find((s) => overlaps(s.cidr, c));
}

export const isPrivateRange = (c: Cidr): boolean => PRIVATE_RANGES.some((p) => contains(p, c));

/** The special-purpose range a dotted IPv4 host address is in, or undefined (public, or not an address). */
export function specialAddress(host: string): { cidr: Cidr; name: string } | undefined {
  const c = parseCidr(`${host}/32`);
  return c ? specialRangeOverlap(c) : undefined;
}
