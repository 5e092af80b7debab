import { KqlValue, keyOf } from "./values";

interface Level<V> {
  next: Map<unknown, Level<V>>;
  value?: V;
}

/**
 * A map keyed by a tuple of KQL values (summarize's by-keys, make-series groups, join and distinct keys)
 * with keyOf's equality, without a key string per row: summarize over a 2-day alert window looks up every
 * row's group, and joining keyOf strings built and hashed a new string per row. A primitive is its own
 * key (Map's SameValueZero agrees with keyOf: 1 and 1n differ, 0 and -0 do not, NaN matches NaN); an
 * array or object is keyed by its keyOf text through a symbol, so it never equals a string.
 */
export class TupleMap<V> {
  private readonly root: Level<V> = { next: new Map() };
  private readonly objects = new Map<string, symbol>();
  /** The values in the order their keys were first set. */
  readonly values: V[] = [];

  private part(v: KqlValue): unknown {
    if (typeof v !== "object" || v === null) return v;
    const text = keyOf(v);
    let s = this.objects.get(text);
    if (!s) this.objects.set(text, (s = Symbol(text)));
    return s;
  }

  get(key: readonly KqlValue[]): V | undefined {
    let level: Level<V> | undefined = this.root;
    for (let i = 0; level && i < key.length; i++) level = level.next.get(this.part(key[i]));
    return level?.value;
  }

  has(key: readonly KqlValue[]): boolean {
    return this.get(key) !== undefined;
  }

  /** The value for `key`, set from `create` (given a copy of the key) when there is none. */
  upsert(key: readonly KqlValue[], create: (key: KqlValue[]) => V): V {
    let level = this.root;
    for (const v of key) {
      const p = this.part(v);
      let next = level.next.get(p);
      if (!next) level.next.set(p, (next = { next: new Map() }));
      level = next;
    }
    if (level.value === undefined) {
      level.value = create([...key]);
      this.values.push(level.value);
    }
    return level.value;
  }
}
