import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';

/** Contexts, their variables (names) and restrictions (see accounts.ts). */

/** `GET /context` item: schema Context. */
export interface CircleCIContext {
  id: string;
  name: string;
  created_at: string;
}

export const contextShape: ItemShape = {
  id: 'id',
  pathId: true,
  strings: ['name', 'created_at'],
};

/** `GET /context/{context_id}/environment-variable` item (no values). */
export interface CircleCIContextEnvironmentVariable {
  variable: string;
  created_at: string;
  updated_at: string;
  context_id: string;
}

export const contextEnvVarShape: ItemShape = {
  id: 'variable',
  strings: ['created_at', 'updated_at', 'context_id'],
};

/** `GET /context/{context_id}/restrictions` item. */
export interface CircleCIContextRestriction {
  id?: string;
  context_id?: string;
  /** Deprecated: for project restrictions read restriction_value. */
  project_id?: string;
  name?: string | null;
  restriction_type?: 'project' | 'expression' | 'group';
  restriction_value?: string;
}

export const contextRestrictionShape: ItemShape = {
  strings: [
    'id',
    'context_id',
    'project_id',
    'name',
    'restriction_type',
    'restriction_value',
  ],
};

export const contextEnvVars = listing<CircleCIContextEnvironmentVariable>(
  'GET /context/{context_id}/environment-variable',
  contextEnvVarShape,
  PAGED,
);

export const contextRestrictions = listing<CircleCIContextRestriction>(
  'GET /context/{context_id}/restrictions',
  contextRestrictionShape,
  PAGED,
);
