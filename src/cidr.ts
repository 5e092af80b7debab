/** IPv4 CIDR arithmetic for the gateway network's config checks: parse, containment, overlap, size. */
export interface Cidr {
  text: string;
  /** First address as an unsigned 32-bit number. */
  start: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  // A CIDR whose address has host bits set (10.0.0.5/24) is a typo Azure rejects.
  if (address % size !== 0) return undefined;
  return { text, start: address, prefix };
}

export const cidrSize = (c: Cidr): number => 2 ** (32 - c.prefix);
export const contains = (outer: Cidr, inner: Cidr): boolean => inner.start >= outer.start && inner.start + cidrSize(inner) <= outer.start + cidrSize(outer);
export const overlaps = (a: Cidr, b: Cidr): boolean => a.start < b.start + cidrSize(b) && b.start < a.start + cidrSize(a);
