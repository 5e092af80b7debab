/**
 * An as-const enum object's values (the form Pulumi's analyzer turns into a schema enum) as the
 * non-empty tuple zod's enums and the config checks take, in declaration order.
 */
export function enumValues<T extends string>(e: Record<string, T>): readonly [T, ...T[]] {
  const [first, ...rest] = Object.values(e);
  return [first, ...rest];
}
