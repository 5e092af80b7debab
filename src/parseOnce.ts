/**
 * A file parser that parses each text once per process. A program checks its inputs twice (the shipped
 * index.ts before it registers the resource group, the baseline's constructor for every caller), and
 * parsing YAML and headers is most of that check's cost: at a thousand servers, 4 of 10 s of a plan.
 * The key is the file's label and its text, so an edited file parses again. Callers treat the result
 * as read-only: every call with the same text gets the same object. Arguments after the text only
 * help a first parse (a value read in bulk), so they are not part of the key.
 */
export function parsedOncePerText<T, Rest extends unknown[] = []>(parse: (file: string, src: string, ...rest: Rest) => T): (file: string, src: string, ...rest: Rest) => T {
  // Keyed by label, then by text, so no lookup builds a string the size of the file.
  const parsed = new Map<string, Map<string, T>>();
  return (file, src, ...rest) => {
    let texts = parsed.get(file);
    if (texts === undefined) parsed.set(file, (texts = new Map()));
    let result = texts.get(src);
    if (result === undefined) {
      result = parse(file, src, ...rest);
      texts.set(src, result);
    }
    return result;
  };
}
