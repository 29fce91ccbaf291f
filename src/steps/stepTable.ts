import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { StepContext } from './context';
import { declareStep, StepWrite } from './declareStep';

/**
 * A vendor's steps, declared once in its metadata.ts next to the graph they
 * write: `stepTable({ KEY: { id, name, writes, after, source } })`. Step
 * files export only handlers keyed the same way, and the vendor's index.ts
 * joins both with `stepsOf`, so a new step is a metadata entry and a
 * handler.
 */

/** One step as metadata.ts writes it; `after` names keys of its table. */
export interface StepSpec<Key extends string> {
  id: string;
  name: string;
  /** Every graph object type the step writes (see declareStep). */
  writes: StepWrite[];
  /** Keys of the steps whose job-state entities this one reads. */
  after?: readonly Key[];
  /** The ingestion source that switches the step off. */
  source?: string;
}

/** A step of the table: what `declareStep` takes, dependencies by id. */
export interface DeclaredStep {
  id: string;
  name: string;
  writes: StepWrite[];
  after: Array<{ id: string }>;
  source?: string;
}

// Keeps `after` from inferring the table's keys (TypeScript 5.4 has this
// built in): the keys come from the table, and an unknown `after` fails.
type NoInfer<T> = [T][T extends unknown ? 0 : never];

/**
 * The table of a vendor's steps, in the order the vendor lists them, each
 * `after` resolved to the steps it names (tsc refuses an unknown key).
 */
export function stepTable<Key extends string>(
  specs: Record<Key, StepSpec<NoInfer<Key>>>,
): Record<Key, DeclaredStep> {
  const table = {} as Record<Key, DeclaredStep>;
  for (const key of Object.keys(specs) as Key[]) {
    const spec = specs[key];
    table[key] = {
      ...spec,
      after: (spec.after ?? []).map((name) => ({ id: specs[name].id })),
    };
  }
  return table;
}

export type StepHandler = (context: StepContext) => Promise<void>;

/** The handlers one step file exports, keyed as in the vendor's table. */
export type StepHandlers<Table> = Partial<Record<keyof Table, StepHandler>>;

/**
 * The SDK steps of a table, in its order, each with its handler: tsc
 * fails when a declared step has no handler or a handler no step.
 */
export function stepsOf<
  Table extends Record<string, DeclaredStep>,
  Handlers extends Record<keyof Table, StepHandler>,
>(
  table: Table,
  handlers: Handlers & Record<Exclude<keyof Handlers, keyof Table>, never>,
): IntegrationStep<IntegrationConfig>[] {
  return Object.keys(table).map((key) =>
    declareStep(table[key], handlers[key], table[key]),
  );
}
