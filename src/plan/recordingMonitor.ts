import * as pulumi from "@pulumi/pulumi";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceState } from "./digest";
import { engineUrn } from "./urn";

export interface Registration {
  seq: number;
  urn: string;
  state: ResourceState;
}

/*
 * Inputs arrive as plain serialized values even from an engine that supports `outputValues`: the SDK keeps
 * output values only for remote (multi-language) components (sdk/nodejs/runtime/resource.ts,
 * `keepOutputValues: remote`), and mcp-guard registers none.
 */
/**
 * What `deserializeProperties` gives, from the struct's JavaScript value (as the SDK's rpc.ts does it:
 * each defined property through `deserializeProperty`, which copies): a registration keeps that value
 * as its recorded inputs, so its struct is decoded once, not twice.
 */
function deserialized(raw: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) props[k] = pulumi.runtime.deserializeProperty(v);
  return props;
}

function decode(s: Struct | undefined): Record<string, unknown> {
  return s ? deserialized(s.toJavaScript()) : {};
}

type Callback<T> = (err: unknown, response: T | undefined) => void;

/**
 * The resource monitor the offline plan runs a program against: it answers registrations through
 * `pulumi.runtime.Mocks` as the SDK's MockMonitor does, but names resources with the engine's URN rule
 * (urn.ts) and records what each registration asked for (parent, protect, dependencies, inputs), which
 * `Mocks.newResource` is not told. The same object answers in-process (`setMockOptions`) and behind the
 * gRPC fake engine that runs the program through Pulumi's own language host (test/engine).
 */
export class RecordingMonitor {
  readonly registrations: Registration[] = [];
  stackOutputs: Record<string, unknown> = {};
  private readonly resources = new Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>();
  private stackUrn = "";
  private inFlight = 0;
  private started = 0;

  constructor(
    readonly mocks: pulumi.runtime.Mocks,
    private readonly project: string,
    private readonly stack: string,
    /** Features this monitor claims; the in-process plan claims what the SDK's setMocks enables. */
    private readonly features: ReadonlySet<string> = MOCK_FEATURES,
  ) {}

  /**
   * Resolves once no registration is in flight and none started for a full turn of the event loop:
   * a resource registered inside apply() starts only after the output it waits on resolves.
   */
  async settled(): Promise<void> {
    for (let quiet = 0, seen = -1; quiet < 2; ) {
      await new Promise((resolve) => setImmediate(resolve));
      quiet = this.inFlight === 0 && this.started === seen ? quiet + 1 : 0;
      seen = this.started;
    }
  }

  async registerResource(req: resproto.RegisterResourceRequest, callback: Callback<resproto.RegisterResourceResponse>): Promise<void> {
    const seq = this.started++;
    this.inFlight++;
    try {
      const raw = req.getObject()?.toJavaScript() ?? {};
      const urn = engineUrn(this.stack, this.project, req.getParent() || undefined, req.getType(), req.getName());
      const result = await this.mocks.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs: deserialized(raw),
        provider: req.getProvider(),
        custom: req.getCustom(),
        id: req.getImportid(),
      });
      const state = await pulumi.runtime.serializeProperties("", result.state);
      this.resources.set(urn, { urn, id: result.id ?? null, state });
      if (req.getType() === pulumi.runtime.rootPulumiStackTypeName) this.stackUrn = urn;
      this.registrations.push({
        seq,
        urn,
        state: {
          urn,
          custom: req.getCustom(),
          type: req.getType(),
          parent: req.getParent() || undefined,
          inputs: raw,
          protect: req.getProtect() ?? false,
          // Written only when set, as Pulumi's state does (omitempty), so plans without them read the same.
          ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
          ...(req.getDeletedwith() ? { deletedWith: req.getDeletedwith() } : {}),
          dependencies: [...new Set(req.getDependenciesList())].sort(),
          provider: req.getProvider() || undefined,
        },
      });
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(result.id || "");
      response.setObject(Struct.fromJavaScript(state));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    } finally {
      this.inFlight--;
    }
  }

  async readResource(req: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): Promise<void> {
    try {
      const urn = engineUrn(this.stack, this.project, req.getParent() || undefined, req.getType(), req.getName());
      const result = await this.mocks.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs: decode(req.getProperties()),
        provider: req.getProvider(),
        custom: true,
        id: req.getId(),
      });
      const state = await pulumi.runtime.serializeProperties("", result.state);
      this.resources.set(urn, { urn, id: result.id ?? null, state });
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(Struct.fromJavaScript(state));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  async invoke(req: resproto.ResourceInvokeRequest, callback: Callback<provproto.InvokeResponse>): Promise<void> {
    try {
      const inputs = decode(req.getArgs());
      const response = new provproto.InvokeResponse();
      if (req.getTok() === "pulumi:pulumi:getResource") {
        const found = this.resources.get(String(inputs.urn));
        if (!found) throw new Error(`unknown resource ${String(inputs.urn)}`);
        response.setReturn(Struct.fromJavaScript(found));
      } else {
        const result = await this.mocks.call({ token: req.getTok(), inputs, provider: req.getProvider() });
        response.setReturn(Struct.fromJavaScript(await pulumi.runtime.serializeProperties("", result)));
      }
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback<object>): void {
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    if (req.getUrn() === this.stackUrn) this.stackOutputs = outputs;
    const found = this.resources.get(req.getUrn());
    if (!found) {
      callback(new Error(`unknown resource ${req.getUrn()}`), undefined);
      return;
    }
    found.state = outputs;
    callback(null, {});
  }

  supportsFeature(req: resproto.SupportsFeatureRequest, callback: Callback<resproto.SupportsFeatureResponse>): void {
    const response = new resproto.SupportsFeatureResponse();
    response.setHassupport(this.features.has(req.getId()));
    callback(null, response);
  }

  registerPackage(_req: resproto.RegisterPackageRequest, callback: Callback<resproto.RegisterPackageResponse>): void {
    const response = new resproto.RegisterPackageResponse();
    response.setRef("offline-plan");
    callback(null, response);
  }
}

/**
 * What `pulumi.runtime.setMocks` switches on (sdk/nodejs/runtime/mocks.ts): everything but output values
 * and transforms, so inputs reach the mocks as plain values.
 */
export const MOCK_FEATURES: ReadonlySet<string> = new Set(["secrets", "resourceReferences", "deletedWith", "replaceWith", "aliasSpecs", "parameterization", "resourceHooks", "errorHooks"]);
