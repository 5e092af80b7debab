/**
 * azure-native's outputs during a preview: what `pulumi preview` hands the program (and CrossGuard) for a
 * resource about to be created. The provider's Create with `preview: true` answers
 * `SdkShapeConverter.PreviewOutputs(inputs, response schema)` (pulumi-azure-native
 * provider/pkg/convert/previewOutputs.go): every property of the response schema takes the input of the
 * same name, mapped through the property's type, and is unknown where there is no such input or the
 * input has the wrong kind. Output-only properties (an identity's principalId, a vault's URI, `name`,
 * `azureApiVersion`) are therefore unknown; the resource id is unknown too (Create returns none).
 * The schema here is azure-native's own, read from its type definitions (scripts/previewShapes.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { isRecord, SECRET_SIG, SIG_KEY, UNKNOWN } from "./digest";
import { PREVIEW_SHAPES } from "./previewShapes.generated";

export type Shape = "value" | "any" | { ref: string } | { array: Shape } | { map: Shape };

export interface PreviewShapes {
  /** Resource type token -> its output properties. */
  resources: Record<string, Record<string, Shape>>;
  /** `<module>.<Interface>` -> its properties, for every type a resource reaches. */
  types: Record<string, Record<string, Shape>>;
}

const SHAPES: PreviewShapes = PREVIEW_SHAPES;

export function hasPreviewShape(type: string): boolean {
  return type in SHAPES.resources;
}

function previewObject(inputs: Record<string, unknown>, props: Record<string, Shape>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(props).map((k) => [k, k in inputs ? previewValue(inputs[k], props[k]) : UNKNOWN]));
}

function previewValue(input: unknown, shape: Shape): unknown {
  // The SDK hands mocks an unknown input as `pulumi.unknown`; the provider keeps it unknown.
  if (input === UNKNOWN || input === pulumi.unknown) return UNKNOWN;
  // The provider sees a secret's plain value; the engine keeps the output secret.
  if (isRecord(input) && input[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, value: previewValue(input.value, shape) };
  if (shape === "any") return input;
  if (shape === "value") return input !== null && typeof input !== "object" ? input : UNKNOWN;
  if ("array" in shape) return Array.isArray(input) ? input.map((x) => previewValue(x, shape.array)) : UNKNOWN;
  if (!isRecord(input)) return UNKNOWN;
  if ("map" in shape) return Object.fromEntries(Object.entries(input).map(([k, x]) => [k, previewValue(x, shape.map)]));
  return previewObject(input, SHAPES.types[shape.ref] ?? {});
}

/** The state azure-native returns when `pulumi preview` plans to create this resource. */
export function previewOutputs(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  return previewObject(inputs, SHAPES.resources[type] ?? {});
}
