/**
 * Stable identities of the demo dataset, derived from labels (ids.ts): the
 * hard cases in demo-cases.ts name these exact uuids and hashes.
 */
import { labelIds } from './ids';

export const demoIds = labelIds('bitbucket-demo');

export const DEMO_WORKSPACES = {
  eng: 'acme-eng',
  labs: 'acme-labs',
} as const;

export const userUuid = (nickname: string): string =>
  demoIds.uuid(`user:${nickname}`);
export const repoUuid = (fullName: string): string =>
  demoIds.uuid(`repo:${fullName}`);
/** Hash of commit `label` pushed to PR `id` of repo `fullName` (pull-request-builder.ts). */
export const prCommit = (fullName: string, id: number, label: string): string =>
  demoIds.hash(`${fullName}#${id}:${label}`);

export const eng = (slug: string): string => `${DEMO_WORKSPACES.eng}/${slug}`;
export const labs = (slug: string): string => `${DEMO_WORKSPACES.labs}/${slug}`;

/** Raw author of the commit that maps to no Bitbucket account at all. */
export const CONTRACTOR_RAW = 'Contractor Bot <build@contractor.example>';
