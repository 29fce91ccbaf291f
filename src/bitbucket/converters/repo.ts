import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketRepository } from '../client/responses/repositories';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';

export interface RepoWorkspace {
  uuid: string;
  slug: string;
}

/** `full_name` is `workspace/slug`; the slug is what URLs use. */
export function repoSlug(repo: BitbucketRepository): string | undefined {
  if (repo.slug) return repo.slug;
  const [, slug] = (repo.full_name ?? '').split('/');
  return slug || undefined;
}

/**
 * The entity also carries `workspace` (slug) and `workspaceId`, which later
 * steps use to address the repository (by uuid) without listing repos again.
 */
export function createRepoEntity(
  workspace: RepoWorkspace,
  repo: BitbucketRepository,
  extra: {
    /** From GET .../pipelines_config; undefined when it could not be read. */
    pipelinesEnabled?: boolean;
  } = {},
): Entity {
  const fullName = repo.full_name?.toLowerCase();
  const name = repo.name ?? repoSlug(repo) ?? repo.uuid;
  return createIntegrationEntity({
    entityData: {
      source: repo,
      assign: {
        _key: bitbucketKeys.repo(repo.uuid),
        _type: BitbucketEntities.REPO._type,
        _class: BitbucketEntities.REPO._class,
        id: repo.uuid,
        name,
        displayName: name,
        slug: repoSlug(repo),
        fullName,
        description: repo.description || undefined,
        owner: fullName?.split('/')[0] ?? workspace.slug,
        ownerId: workspace.uuid,
        workspace: workspace.slug,
        workspaceId: workspace.uuid,
        projectId: repo.project?.uuid,
        projectKey: repo.project?.key,
        project: repo.project?.name,
        public: repo.is_private === undefined ? undefined : !repo.is_private,
        scm: repo.scm,
        language: repo.language || undefined,
        mainBranch: repo.mainbranch?.name,
        forkPolicy: repo.fork_policy,
        fork: Boolean(repo.parent),
        forkParentId: repo.parent?.uuid,
        forkParentFullName: repo.parent?.full_name?.toLowerCase(),
        size: repo.size,
        hasIssues: repo.has_issues,
        hasWiki: repo.has_wiki,
        pipelinesEnabled: extra.pipelinesEnabled,
        webLink: htmlLink(repo.links),
        createdOn: time(repo.created_on),
        updatedOn: time(repo.updated_on),
      },
    },
  });
}

/** Properties of `bitbucket_repo` that later steps read back. */
export const RepoProperties = {
  name: 'name',
  fullName: 'fullName',
  workspace: 'workspace',
  workspaceId: 'workspaceId',
  projectId: 'projectId',
  mainBranch: 'mainBranch',
} as const;

/** What later steps need to address a repository collected by this run. */
export interface RepoRef {
  uuid: string;
  name: string;
  fullName: string;
  workspaceSlug: string;
  workspaceUuid: string;
  projectId?: string;
  mainBranch?: string;
}

/** A collected repository's ref; undefined when it lacks its workspace. */
export function readRepoRef(entity: Entity): RepoRef | undefined {
  const P = RepoProperties;
  const workspaceSlug = stringProperty(entity, P.workspace);
  const workspaceUuid = stringProperty(entity, P.workspaceId);
  if (!workspaceSlug || !workspaceUuid) return undefined;
  const name = stringProperty(entity, P.name) ?? entity._key;
  return {
    uuid: entity._key,
    name,
    fullName: stringProperty(entity, P.fullName) ?? name,
    workspaceSlug,
    workspaceUuid,
    projectId: stringProperty(entity, P.projectId),
    mainBranch: stringProperty(entity, P.mainBranch),
  };
}
