import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeRequest, AnalyzerInfo, AnalyzerResourceOptions, EnforcementLevel, PolicySeverity } from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPolicyPack } from "../../scripts/build-policy-pack";
import { ResourceState } from "../../src/plan/digest";
import { clone, one, planStack } from "../helpers";

/*
 * The pack as Pulumi Cloud gets it: built, packed by `npm pack` (what `pulumi policy publish` runs),
 * unpacked elsewhere, installed with its own @pulumi/policy, started through @pulumi/pulumi's
 * run-policy-pack entry (what the CLI's analyzer host runs) and asked over gRPC, as the engine asks.
 */

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("the published policy pack", () => {
  let work: string;
  let server: ChildProcess | undefined;
  let client: AnalyzerClient;
  let packed: string[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-pack-"));
    const built = await buildPolicyPack(path.join(work, "built"));
    const tarball = npm(["pack", "--json", "--pack-destination", work], built);
    const info: { filename: string; files: { path: string }[] }[] = JSON.parse(tarball);
    packed = info[0].files.map((f) => f.path).sort();
    const installed = path.join(work, "installed");
    fs.mkdirSync(installed);
    execFileSync("tar", ["-xzf", path.join(work, info[0].filename), "-C", installed, "--strip-components=1"]);
    // Offline: by the shrinkwrap's integrity hashes, the tarballs come from npm's cache, which `npm ci`
    // of this repository filled.
    npm(["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], installed);
    server = spawn(process.execPath, [path.join(installed, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:0", installed], { cwd: installed, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      let err = "";
      server?.stderr?.on("data", (d) => (err += String(d)));
      server?.stdout?.once("data", (d) => resolve(String(d).trim()));
      server?.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${err}`)));
    });
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }, 240_000);

  afterAll(() => {
    client?.close();
    server?.kill();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const analyze = (state: ResourceState, inputs: Record<string, unknown>) =>
    new Promise<{ policy: string; level: number; message: string }[]>((resolve, reject) => {
      const req = new AnalyzeRequest()
        .setType(state.type)
        .setUrn(state.urn)
        .setName(state.urn.split("::").pop() ?? "")
        .setProperties(Struct.fromJavaScript(inputs as Record<string, never>))
        .setOptions(new AnalyzerResourceOptions().setProtect(Boolean(state.protect)));
      client.analyze(req, (err, res) => (err ? reject(err) : resolve(res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() })))));
    });

  it("ships the bundled rules, not a wiring file that points at ../src", () => {
    expect(packed).toEqual(["PulumiPolicy.yaml", "index.js", "npm-shrinkwrap.json", "package.json", "suppressions.yaml"]);
  });

  it("describes its policies to the engine with severity, remediation and config schema", async () => {
    const info = await new Promise<AnalyzerInfo>((resolve, reject) => client.getAnalyzerInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res))));
    const kv03 = info.getPoliciesList().find((p) => p.getName() === "mcp-guard-kv-03");
    expect(kv03?.getSeverity()).toBe(PolicySeverity.POLICY_SEVERITY_MEDIUM);
    expect(kv03?.getRemediationSteps()).toContain("softDeleteRetentionInDays");
    expect(kv03?.getConfigschema()?.getProperties()?.toJavaScript()).toEqual({ minimumDays: expect.objectContaining({ type: "integer", default: 7 }) });
  });

  it("passes the shipped prod vault and reports a weakened one as a mandatory violation", async () => {
    const vault = one(await planStack("prod"), "azure-native:keyvault:Vault");
    expect(await analyze(vault, vault.inputs)).toEqual([]);
    const weak = clone(vault.inputs);
    (weak.properties as Record<string, unknown>).publicNetworkAccess = "Enabled";
    expect(await analyze(vault, weak)).toContainEqual({
      policy: "mcp-guard-kv-05",
      level: EnforcementLevel.MANDATORY,
      message: expect.stringContaining('properties.publicNetworkAccess is "Enabled"'),
    });
  });

  it("checks a data collection rule's transform with Kusto.Language inside the installed pack (DCR-04)", async () => {
    const dcr = one(await planStack("prod"), "azure-native:monitor:DataCollectionRule");
    expect((await analyze(dcr, dcr.inputs)).filter((d) => d.policy === "mcp-guard-dcr-04")).toEqual([]);
    const summarising = clone(dcr.inputs);
    const flows = summarising.dataFlows as Record<string, unknown>[];
    flows[0].transformKql = "source | summarize count() by bin(TimeGenerated, 1h)";
    expect(await analyze(dcr, summarising)).toContainEqual({ policy: "mcp-guard-dcr-04", level: EnforcementLevel.MANDATORY, message: expect.stringContaining("summarize is not supported in DCR transformations") });
  });

  it("a value unknown during preview is no finding and no advisory, though the server has its own @pulumi/policy", async () => {
    const vault = one(await planStack("prod"), "azure-native:keyvault:Vault");
    const unknown = clone(vault.inputs);
    // The engine's wire form of an unknown (sdk/go/common/resource/plugin/rpc.go UnknownStringValue).
    (unknown.properties as Record<string, unknown>).publicNetworkAccess = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await analyze(vault, unknown)).toEqual([]);
  });
});
