import * as path from "node:path";
import { registryDocuments, serverJson } from "../../src/registry/export";
import { requireRegistry } from "../../src/registry/load";
import { documentProblems, SERVER_SCHEMA_ID, ServerDetail, ServerList, ServerResponse } from "../../src/registry/serverJsonSchema";
import { ROOT } from "../helpers";

/** A full document: every optional part the schema defines, each valid. */
const VALID = {
  $schema: SERVER_SCHEMA_ID,
  name: "io.github.contoso/weather",
  title: "Weather",
  description: "Forecasts and current conditions for a city",
  version: "1.0.2",
  repository: { url: "https://github.com/contoso/weather-mcp", source: "github", id: "b94b5f7e", subfolder: "src/server" },
  websiteUrl: "https://contoso.example/weather",
  icons: [{ src: "https://contoso.example/icon.png", mimeType: "image/png", sizes: ["48x48", "any"], theme: "dark" }],
  packages: [
    {
      registryType: "npm",
      registryBaseUrl: "https://registry.npmjs.org",
      identifier: "@contoso/weather-mcp",
      version: "1.0.2",
      runtimeHint: "npx",
      transport: { type: "stdio" },
      runtimeArguments: [{ type: "named", name: "--yes" }],
      packageArguments: [{ type: "positional", valueHint: "city" }, { type: "named", name: "--units", value: "metric", format: "string" }],
      environmentVariables: [{ name: "WEATHER_API_KEY", isRequired: true, isSecret: true }],
    },
    { registryType: "mcpb", identifier: "https://github.com/contoso/weather-mcp/releases/download/v1.0.2/weather.mcpb", fileSha256: "fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce", transport: { type: "streamable-http", url: "http://localhost:3000/mcp" } },
  ],
  remotes: [
    { type: "streamable-http", url: "https://{region}.weather.contoso.example/mcp", headers: [{ name: "Authorization", value: "Bearer {token}", variables: { token: { isSecret: true } } }], variables: { region: { choices: ["eu", "us"], default: "eu" } } },
    { type: "sse", url: "https://weather.contoso.example/sse" },
  ],
  _meta: { "io.modelcontextprotocol.registry/publisher-provided": { tool: "mcp-guard" }, "com.contoso": { category: "weather" } },
};

type Edit = (d: object) => void;
/** `packages[0].version` -> ["packages", 0, "version"]. */
const keysOf = (p: string) => p.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
const parentOf = (d: object, keys: (string | number)[]) => keys.slice(0, -1).reduce((o: object, k) => Reflect.get(o, k) as object, d);
const set = (p: string, value: unknown): Edit => (d) => void Reflect.set(parentOf(d, keysOf(p)), keysOf(p).at(-1)!, value);
const drop = (p: string): Edit => (d) => void Reflect.deleteProperty(parentOf(d, keysOf(p)), keysOf(p).at(-1)!);
const problemsWith = (edit: Edit) => {
  const d: object = JSON.parse(JSON.stringify(VALID));
  edit(d);
  return documentProblems(ServerDetail, d);
};

describe("server.json (2025-12-11): valid documents pass", () => {
  it("the full document, and the minimal one (name, description, version)", () => {
    expect(documentProblems(ServerDetail, VALID)).toEqual([]);
    expect(documentProblems(ServerDetail, { name: "a.b/c", description: "x", version: "0.0.1" })).toEqual([]);
  });

  it("every document the shipped registry exports, for every stack's gateway", () => {
    const servers = requireRegistry(path.join(ROOT, "servers"));
    const gateway = { url: "https://app-cursor-mcp-gateway-prod-1a2b.azurewebsites.net/mcp", auth: { kind: "static-token" } as const };
    const files = registryDocuments(servers, { namespace: "com.contoso", gateway });
    expect(files.size).toBe(1 + servers.length * 3);
    for (const s of servers) expect(documentProblems(ServerDetail, serverJson(s, { namespace: "com.contoso", gateway }))).toEqual([]);
  });
});

describe("server.json: each constraint rejects a document that breaks it", () => {
  it.each<[string, Edit, string[]]>([
    ["name is required", drop("name"), ["name: is required"]],
    ["name is reverse-DNS with exactly one slash", set("name", "contoso/weather/v2"), ["name: is not reverse-DNS with exactly one slash, such as io.github.user/weather"]],
    ["name has no spaces or other characters", set("name", "io.contoso/wea ther"), ["name: is not reverse-DNS with exactly one slash, such as io.github.user/weather"]],
    ["name is at least 3 characters", set("name", "ab"), ["name: is shorter than 3 characters", "name: is not reverse-DNS with exactly one slash, such as io.github.user/weather"]],
    ["name is at most 200 characters", set("name", `io.contoso/${"w".repeat(190)}`), ["name: is longer than 200 characters"]],
    ["description is required", drop("description"), ["description: is required"]],
    ["description is not empty", set("description", ""), ["description: is empty"]],
    ["description is at most 100 characters", set("description", "d".repeat(101)), ["description: is longer than 100 characters"]],
    ["title is 1 to 100 characters", set("title", "t".repeat(101)), ["title: is longer than 100 characters"]],
    ["version is required", drop("version"), ["version: is required"]],
    ["version is at most 255 characters", set("version", `1.0.0-${"a".repeat(250)}`), ["version: is longer than 255 characters"]],
    ["$schema is a URI", set("$schema", "server.schema.json"), ["$schema: is not a URI; allowed the server.json schema URI"]],
    ["repository needs url and source", set("repository", { url: "https://github.com/contoso/x" }), ["repository.source: is required, such as github"]],
    ["repository.url is a URI", set("repository.url", "github.com/contoso/x"), ["repository.url: is not a URI; allowed the repository URL"]],
    ["websiteUrl is a URI", set("websiteUrl", "contoso.example"), ["websiteUrl: is not a URI; allowed the server's homepage"]],
    ["icon src is at most 255 characters", set("icons[0].src", `https://contoso.example/${"i".repeat(240)}.png`), ["icons[0].src: is longer than 255 characters"]],
    ["icon mimeType is one of five", set("icons[0].mimeType", "image/gif"), ["icons[0].mimeType: is not allowed; allowed image/png, image/jpeg, image/jpg, image/svg+xml, image/webp"]],
    ["icon sizes are WxH or any", set("icons[0].sizes", ["48"]), ["icons[0].sizes[0]: is not WxH or any"]],
    ["icon theme is light or dark", set("icons[0].theme", "blue"), ["icons[0].theme: is not allowed; allowed light, dark"]],
    ["a package needs registryType, identifier and transport", set("packages[0]", { version: "1.0.2" }), ["packages[0].registryType: is required: npm, pypi, oci, nuget, mcpb or maven", "packages[0].identifier: is required: the package name or download URL", "packages[0].transport: is not a transport; allowed {type: stdio}, {type: streamable-http, url} or {type: sse, url}"]],
    ["a package version is not latest", set("packages[0].version", "latest"), ['packages[0].version: is "latest"; allowed one exact version']],
    ["a package version is not empty", set("packages[0].version", ""), ["packages[0].version: is empty; allowed an exact version such as 1.0.2"]],
    ["fileSha256 is 64 lowercase hex", set("packages[1].fileSha256", "FE333E"), ["packages[1].fileSha256: is not 64 lowercase hex characters (a SHA-256)"]],
    ["registryBaseUrl is a URI", set("packages[0].registryBaseUrl", "npmjs"), ["packages[0].registryBaseUrl: is not a URI; allowed the package registry's base URL"]],
    ["a package transport is stdio, streamable-http or sse", set("packages[0].transport", { type: "websocket" }), ["packages[0].transport: is not a transport; allowed {type: stdio}, {type: streamable-http, url} or {type: sse, url}"]],
    ["an http transport URL is http(s) without spaces", set("packages[1].transport.url", "ftp://localhost/mcp"), ["packages[1].transport.url: is not an http(s) URL without spaces"]],
    ["a positional argument has valueHint or value", set("packages[0].packageArguments[0]", { type: "positional" }), ["packages[0].packageArguments[0]: a positional argument needs valueHint or value"]],
    ["a named argument has a name", set("packages[0].runtimeArguments[0]", { type: "named" }), ["packages[0].runtimeArguments[0]: is not an argument; allowed {type: positional, valueHint | value} or {type: named, name}"]],
    ["an environment variable has a name", drop("packages[0].environmentVariables[0].name"), ["packages[0].environmentVariables[0].name: is required: the header or environment variable name"]],
    ["an input format is string, number, boolean or filepath", set("packages[0].environmentVariables[0].format", "date"), ["packages[0].environmentVariables[0].format: is not allowed; allowed string, number, boolean, filepath"]],
    ["a remote is streamable-http or sse, never stdio", set("remotes[0]", { type: "stdio" }), ["remotes[0]: is not a remote transport; allowed {type: streamable-http, url} or {type: sse, url}"]],
    ["a remote URL has no spaces", set("remotes[1].url", "https://weather.contoso.example/s se"), ["remotes[1].url: is not an http(s) URL without spaces"]],
    ["a header has a name", drop("remotes[0].headers[0].name"), ["remotes[0]: is not a remote transport; allowed {type: streamable-http, url} or {type: sse, url}"]],
    ["publisher-provided metadata is an object", (d) => void Reflect.set(Reflect.get(d, "_meta") as object, "io.modelcontextprotocol.registry/publisher-provided", "mcp-guard"), ['_meta["io.modelcontextprotocol.registry/publisher-provided"]: is not an object of publisher metadata']],
  ])("%s", (_, edit, expected) => {
    expect(problemsWith(edit)).toEqual(expected);
  });

  it.each(["^1.2.3", "~1.2.3", ">=1.2.3", "<2.0.0", "1.x", "1.*", "1.2.x", "*", "1.0.0 - 2.0.0", "1.0.0 || 2.0.0"])("version %s is a range, rejected in the server and its packages", (v) => {
    const message = "is a version range; allowed one exact version such as 1.0.2 (ranges like ^1.2.3, ~1.2.3, >=1.2.3, 1.x, 1.* are rejected)";
    expect(problemsWith(set("version", v))).toEqual([`version: ${message}`]);
    expect(problemsWith(set("packages[0].version", v))).toEqual([`packages[0].version: ${message}`]);
  });

  it.each(["1.0.2", "2.1.0-alpha", "1.0.0+20130313144700", "2025.7.1", "v3"])("version %s is exact, accepted", (v) => {
    expect(problemsWith(set("version", v))).toEqual([]);
  });
});

describe("registry API v0.1 responses", () => {
  const response = { server: VALID, _meta: { "io.modelcontextprotocol.registry/official": { status: "active", publishedAt: "2026-11-18T00:00:00Z", updatedAt: "2026-11-18T09:30:00.000+01:00", isLatest: true } } };

  it("a ServerResponse and a ServerList pass", () => {
    expect(documentProblems(ServerResponse, response)).toEqual([]);
    expect(documentProblems(ServerList, { servers: [response], metadata: { count: 1, nextCursor: "" } })).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ["a response needs its server", { _meta: response._meta }, ["server: Invalid input: expected object, received undefined"]],
    ["status is active, deprecated or deleted", { ...response, _meta: { "io.modelcontextprotocol.registry/official": { status: "retired" } } }, ['_meta["io.modelcontextprotocol.registry/official"].status: is not allowed; allowed active, deprecated, deleted']],
    ["statusMessage is at most 500 characters", { ...response, _meta: { "io.modelcontextprotocol.registry/official": { statusMessage: "m".repeat(501) } } }, ['_meta["io.modelcontextprotocol.registry/official"].statusMessage: is longer than 500 characters']],
    ["dates are RFC 3339 date-times", { ...response, _meta: { "io.modelcontextprotocol.registry/official": { publishedAt: "2026-11-18" } } }, ['_meta["io.modelcontextprotocol.registry/official"].publishedAt: is not an RFC 3339 date-time']],
    ["the official metadata has no other property", { ...response, _meta: { "io.modelcontextprotocol.registry/official": { reviewer: "sam" } } }, ['_meta["io.modelcontextprotocol.registry/official"]: Unrecognized key: "reviewer"']],
  ])("%s", (_, doc, expected) => {
    expect(documentProblems(ServerResponse, doc)).toEqual(expected);
  });

  it("a list needs servers", () => {
    expect(documentProblems(ServerList, { metadata: { count: 0 } })).toEqual(["servers: Invalid input: expected array, received undefined"]);
  });
});
