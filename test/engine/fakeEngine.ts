import * as grpc from "@grpc/grpc-js";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { RecordingMonitor } from "../../src/plan/recordingMonitor";

/**
 * What Pulumi's engine answers to `SupportsFeature` (pkg/resource/deploy/source_eval.go
 * `supportsFeatureID`, with resource references and output values not disabled), so the SDK serializes
 * inputs exactly as it does under `pulumi preview`: Output inputs arrive as output values.
 */
export const ENGINE_FEATURES: ReadonlySet<string> = new Set([
  "secrets",
  "resourceReferences",
  "outputValues",
  "aliasSpecs",
  "replacementTrigger",
  "deletedWith",
  "replaceWith",
  "transforms",
  "invokeTransforms",
  "parameterization",
  "resourceHooks",
  "errorHooks",
  "sendsOptionsToHooks",
]);

type Handler = (req: unknown, callback: (err: unknown, res: unknown) => void) => unknown;
type Definition = grpc.ServiceDefinition & Record<string, { requestStream: boolean; responseStream: boolean; responseType: new () => unknown }>;

/**
 * Every unary method of a service: the given handler where there is one, else an empty response of the
 * method's type (what the engine sends for, say, `SignalAndWaitForShutdown`). Plain-object replies
 * (`{}`) become the method's message type, which grpc-js requires.
 */
function implement(def: Definition, handlers: Record<string, Handler | undefined>): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [method, m] of Object.entries(def)) {
    if (m.requestStream || m.responseStream) continue;
    const handler = handlers[method];
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const reply = (err: unknown, res: unknown) => {
        if (err) callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) });
        else callback(null, res instanceof m.responseType ? res : new m.responseType());
      };
      if (handler) void handler(call.request, reply);
      else reply(null, undefined);
    };
  }
  return impl;
}

export interface FakeEngine {
  monitorAddress: string;
  engineAddress: string;
  /** Messages the program logged through the engine (warnings, errors). */
  logs: { severity: number; message: string }[];
  close(): Promise<void>;
}

/**
 * A resource monitor and an engine on 127.0.0.1, speaking Pulumi's gRPC protocol (the SDK's own
 * proto modules), that answer through the offline plan's monitor: the program, run by Pulumi's language
 * host entry point in another process, registers into `monitor` exactly as it would into `pulumi preview`.
 */
export async function startFakeEngine(monitor: RecordingMonitor): Promise<FakeEngine> {
  const logs: FakeEngine["logs"] = [];
  let root = "";
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const bind = (handlers: Record<string, Handler | undefined>, def: Definition) => implement(def, handlers);
  server.addService(
    ResourceMonitorService,
    bind(
      {
        supportsFeature: (req, cb) => monitor.supportsFeature(req as never, cb),
        registerResource: (req, cb) => monitor.registerResource(req as never, cb),
        registerResourceOutputs: (req, cb) => monitor.registerResourceOutputs(req as never, cb),
        readResource: (req, cb) => monitor.readResource(req as never, cb),
        invoke: (req, cb) => monitor.invoke(req as never, cb),
        registerPackage: (req, cb) => monitor.registerPackage(req as never, cb),
      },
      ResourceMonitorService as unknown as Definition,
    ),
  );
  server.addService(
    EngineService,
    bind(
      {
        log: (req, cb) => {
          const r = req as enginepb.LogRequest;
          logs.push({ severity: r.getSeverity(), message: r.getMessage() });
          cb(null, undefined);
        },
        setRootResource: (req, cb) => {
          root = (req as enginepb.SetRootResourceRequest).getUrn();
          cb(null, new enginepb.SetRootResourceResponse());
        },
        getRootResource: (_req, cb) => cb(null, new enginepb.GetRootResourceResponse().setUrn(root)),
      },
      EngineService as unknown as Definition,
    ),
  );
  const port = (address: string) =>
    new Promise<number>((resolve, reject) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  // One server carries both services, as the two addresses the language host passes may be the same.
  const p = await port("127.0.0.1:0");
  const address = `127.0.0.1:${p}`;
  return {
    monitorAddress: address,
    engineAddress: address,
    logs,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
