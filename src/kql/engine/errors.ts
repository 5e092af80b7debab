/** Thrown for an operator/function the engine does not implement: names it, with 1-based line:col in the query text. */
export class KqlUnsupportedError extends Error {
  readonly feature: string;
  readonly line: number;
  readonly col: number;
  constructor(feature: string, line: number, col: number) {
    super(`${line}:${col}: ${feature} is not implemented by mcp-guard's KQL engine`);
    this.name = "KqlUnsupportedError";
    this.feature = feature;
    this.line = line;
    this.col = col;
  }
}

/** Thrown for bad input records or a query the analyzer rejects (message names the problem and where). */
export class KqlInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KqlInputError";
  }
}
