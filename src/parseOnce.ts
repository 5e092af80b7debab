/**
 * A file parser that parses each text once per process. A program checks its inputs twice (the shipped
 * index.ts before it registers the resource group, the baseline's constructor for every caller), and
 * parsing YAML and headers is most of that check's cost: at a thousand servers, 4 of 10 s of a plan.
 * The key is the file's label and its text, so an edited file parses again. Callers treat the result
 * as read-only: every call with the same text gets the same object.
 */
export function parsedOncePerText<T>(parse: (file: string, src: string) => T): (file: string, src: string) => T {
  const parsed = new Map<string, T>();
  return (file, src) => {
    const key = `${file}\0${src}`;
    let result = parsed.get(key);
    if (result === undefined) {
      result = parse(file, src);
      parsed.set(key, result);
    }
    return result;
  };
}
