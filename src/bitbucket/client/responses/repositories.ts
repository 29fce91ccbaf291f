import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';
import { BitbucketAccount, BitbucketLinks } from './accounts';
import {
  ACCOUNT_OBJECTS,
  ACCOUNT_STRINGS,
  LINK_STRINGS,
  LINKS,
} from './accounts';
import { BitbucketProject } from './workspaces';

/** Repositories and the references other answers embed (see accounts.ts). */

/** schemas.branch (only the name matters here). */
export interface BitbucketBranch {
  type?: string;
  name?: string;
}

/** schemas.repository */
export interface BitbucketRepository {
  type?: string;
  uuid: string;
  name?: string;
  full_name?: string;
  slug?: string;
  description?: string;
  is_private?: boolean;
  scm?: string;
  size?: number;
  language?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  fork_policy?: 'allow_forks' | 'no_public_forks' | 'no_forks';
  created_on?: string;
  updated_on?: string;
  owner?: BitbucketAccount;
  project?: Pick<BitbucketProject, 'uuid' | 'key' | 'name'>;
  mainbranch?: BitbucketBranch;
  /** The repository this one was forked from. */
  parent?: Pick<BitbucketRepository, 'uuid' | 'full_name' | 'name'>;
  links?: BitbucketLinks;
}

/**
 * Repository uuids go into later paths (`pathId`).
 */
export const repositoryShape: ItemShape = {
  id: 'uuid',
  pathId: true,
  objects: [
    ...LINKS,
    'project',
    'mainbranch',
    'parent',
    ...ACCOUNT_OBJECTS('owner'),
  ],
  strings: [
    'name',
    'full_name',
    'slug',
    'description',
    'scm',
    'language',
    'fork_policy',
    'created_on',
    'updated_on',
    'project.uuid',
    'project.key',
    'project.name',
    'mainbranch.name',
    'parent.uuid',
    'parent.full_name',
    ...LINK_STRINGS,
    ...ACCOUNT_STRINGS('owner'),
  ],
  numbers: ['size'],
  booleans: ['is_private', 'has_issues', 'has_wiki'],
};

/** The small repository reference embedded in PR endpoints and commits. */
export type BitbucketRepositoryRef = Pick<
  BitbucketRepository,
  'uuid' | 'name' | 'full_name' | 'type' | 'links'
>;

/**
 * A commit as pull requests, Pipelines and Deployments embed it
 * (`pullrequest_endpoint.commit`, `pipeline_target.commit`,
 * `deployment_release.commit`): often only `hash` and `type`.
 */
export interface BitbucketCommitRef {
  type?: string;
  hash?: string;
}

export const workspaceRepositories = listing<BitbucketRepository>(
  'GET /repositories/{workspace}',
  repositoryShape,
  PAGED,
);
