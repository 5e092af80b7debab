import * as path from "node:path";
import { Plan, runPlan } from "../plan/offlinePlan";
import { UsageError } from "../errors";
import { ArmConnection } from "./arm";

/** What the live commands need from outside: where Azure is, who signs in, and the plan to compare with. */
export interface LiveContext {
  connection: ArmConnection;
  /** The offline plan of a stack: the same program and config `pulumi up` deployed. */
  plan: (stack: string) => Promise<Plan>;
  /** Today, for expiry arithmetic (MCP_GUARD_TODAY pins it in CI and tests). */
  now: Date;
}

export interface ConnectFlags {
  subscription?: string;
  armEndpoint?: string;
  cwd: string;
}

const SUBSCRIPTION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The context a user's shell gives: DefaultAzureCredential (az login, or workload identity in CI) and the subscription. */
export async function contextFromEnvironment(flags: ConnectFlags, now: Date, env: NodeJS.ProcessEnv = process.env): Promise<LiveContext> {
  const subscriptionId = flags.subscription ?? env.AZURE_SUBSCRIPTION_ID;
  if (!subscriptionId) throw new UsageError("--subscription is required (or set AZURE_SUBSCRIPTION_ID): the subscription the stack is deployed to");
  if (!SUBSCRIPTION.test(subscriptionId)) throw new UsageError(`--subscription ${JSON.stringify(subscriptionId)} is not a subscription id; allowed a GUID (az account show --query id)`);
  const { DefaultAzureCredential } = await import("@azure/identity");
  return {
    connection: { subscriptionId, credential: new DefaultAzureCredential(), ...(flags.armEndpoint ? { endpoint: flags.armEndpoint, scope: `${new URL(flags.armEndpoint).origin}/.default` } : {}) },
    plan: (stack) => runPlan({ projectDir: path.resolve(flags.cwd), stack }),
    now,
  };
}
