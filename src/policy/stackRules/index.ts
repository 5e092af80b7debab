import { StackRule } from "../stack";
import { cov01EveryTypeChecked } from "./cov01EveryTypeChecked";
import { RELATION_RULES } from "./types";

/** Rules over relations between resources; the plan, the diff and the CrossGuard pack read this list. */
export const STACK_RULES: readonly StackRule[] = [...RELATION_RULES, cov01EveryTypeChecked];
