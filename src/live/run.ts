import { Command } from "commander";
import { LiveError } from "./arm";
import { contextFromEnvironment, LiveContext } from "./context";
import { today } from "../config";

export interface LiveIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit code when Azure could not be read or written: the report is incomplete, so never "clean". */
export const EXIT_AZURE_FAILED = 1;

/**
 * Runs a live command: an Azure failure becomes its one line on stderr (no stack trace, no token: the
 * messages name the request path and Azure's error code only). Usage errors go on to the CLI's handler.
 */
export async function runLive(io: LiveIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof LiveError) {
      io.err(`error: ${err.message}\n`);
      return EXIT_AZURE_FAILED;
    }
    throw err;
  }
}

export interface AzureFlags {
  subscription?: string;
  armEndpoint?: string;
  cwd: string;
}

/** The options every live command takes to find Azure and the project. */
export function withAzureOptions(cmd: Command): Command {
  return cmd
    .option("--subscription <id>", "subscription the stack is deployed to (default: AZURE_SUBSCRIPTION_ID)")
    .option("--arm-endpoint <url>", "Azure Resource Manager endpoint (sovereign clouds)", undefined)
    .option("-C, --cwd <dir>", "directory of the Pulumi project (its Pulumi.yaml)", process.cwd());
}

/** The context from the user's environment, made when the command runs (not at registration). */
export function liveContext(flags: AzureFlags): Promise<LiveContext> {
  return contextFromEnvironment(flags, today());
}
