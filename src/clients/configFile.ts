import * as path from "node:path";
import { Node, parseTree, ParseError, printParseErrorCode } from "jsonc-parser";

/**
 * An MCP client's config file as the lint reads it: JSON with comments and trailing commas (JSONC), as
 * Cursor and VS Code read theirs (the guide's examples carry `// From Key Vault` comments), parsed by
 * `jsonc-parser` into a tree that keeps every value's offset, so each finding points at its line and column.
 */

/** The client whose file this is, which decides the key servers live under. */
export type ClientKind = "cursor" | "vscode" | "claude-desktop";

/** A 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** One server entry: its name, its object node and plain views of the fields the rules read. */
export interface ConfigServer {
  name: string;
  node: Node;
  /** Where the entry's name is written. */
  at: Position;
}

export interface ParsedClientConfig {
  file: string;
  client: ClientKind;
  servers: ConfigServer[];
  /** Syntax errors, located; the file is still read as far as it parses, as the clients do. */
  syntaxErrors: { at: Position; message: string }[];
  /** The node's position. */
  positionOf: (node: Node) => Position;
  /** The key under which the servers live (`mcpServers` or `servers`), for "none found" findings. */
  serversKey: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function positionIn(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

/** The value node of `key` in an object node. */
export function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== "object") return undefined;
  const prop = node.children?.find((p) => p.children?.[0]?.value === key);
  return prop?.children?.[1];
}

/** The properties of an object node: key, key node and value node. */
export function properties(node: Node | undefined): { key: string; keyNode: Node; value: Node }[] {
  if (node?.type !== "object") return [];
  return (node.children ?? []).flatMap((p) => {
    const [k, v] = p.children ?? [];
    return k && v && typeof k.value === "string" ? [{ key: k.value, keyNode: k, value: v }] : [];
  });
}

/** A string value, or undefined. */
export function stringOf(node: Node | undefined): string | undefined {
  return node?.type === "string" && typeof node.value === "string" ? node.value : undefined;
}

/** The string members of an array node, with their nodes. */
export function stringItems(node: Node | undefined): { value: string; node: Node }[] {
  if (node?.type !== "array") return [];
  return (node.children ?? []).flatMap((c) => {
    const v = stringOf(c);
    return v === undefined ? [] : [{ value: v, node: c }];
  });
}

/** Every string in a node, keys of objects excluded, with its node and the property key it is the value of. */
export function stringLeaves(node: Node, key?: string): { value: string; node: Node; key?: string }[] {
  const v = stringOf(node);
  if (v !== undefined) return [{ value: v, node, key }];
  if (node.type === "array") return (node.children ?? []).flatMap((c) => stringLeaves(c, key));
  return properties(node).flatMap((p) => stringLeaves(p.value, p.key));
}

/** Claude Desktop's file is `claude_desktop_config.json`; `servers` is VS Code's key; `mcpServers` Cursor's. */
function clientOf(file: string, root: Node | undefined): { client: ClientKind; key: string } {
  if (/^claude_desktop_config\.json$/i.test(path.basename(file))) return { client: "claude-desktop", key: "mcpServers" };
  if (property(root, "servers") && !property(root, "mcpServers")) return { client: "vscode", key: "servers" };
  if (path.basename(path.dirname(file)) === ".vscode" && !property(root, "mcpServers")) return { client: "vscode", key: "servers" };
  return { client: "cursor", key: "mcpServers" };
}

export function parseClientConfig(file: string, text: string): ParsedClientConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const starts = lineStarts(text);
  const positionOf = (node: Node): Position => positionIn(starts, node.offset);
  const { client, key } = clientOf(file, root);
  const servers = properties(property(root, key))
    .filter((p) => p.value.type === "object")
    .map((p) => ({ name: p.key, node: p.value, at: positionOf(p.keyNode) }));
  return {
    file,
    client,
    servers,
    serversKey: key,
    positionOf,
    // A truncated file reports every unclosed bracket at the same offset: the first says it.
    syntaxErrors: errors.filter((e, i) => errors.findIndex((x) => x.offset === e.offset) === i).map((e) => ({ at: positionIn(starts, e.offset), message: printParseErrorCode(e.error) })),
  };
}
