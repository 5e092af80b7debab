/**
 * What the AWS form needs of one approved registry server in a stage (servers/*.yaml through the root
 * package's loadRegistry): enough for the gateway target, the detections' allowlists and the silent-server
 * alarm. Derived in one place, so the constructs never read registry files themselves.
 */
export interface ApprovedServer {
  /** The registry name, compared with ServerName. */
  readonly name: string;
  /** The approved tools (the allowlist). */
  readonly tools: readonly string[];
  /** The upstream endpoints the registry lists for it: any other is a shadow (alert-mcp-unlisted-endpoint). */
  readonly endpoints: readonly string[];
  /** Whether it runs around the clock (availability always-on): only those can be silent. */
  readonly alwaysOn: boolean;
  /** A streamable-HTTP server's URL and the catalog secret of its bearer token: a gateway target. */
  readonly http?: { readonly url: string; readonly secret: string };
  /** Why it is not a gateway target, when it is not one. */
  readonly notATarget?: string;
}
