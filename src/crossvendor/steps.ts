import { indexPullRequestCommits } from './pullRequestIndex';
import {
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import {
  BitbucketEntities,
  BitbucketRelationships,
  BitbucketSteps,
} from '../bitbucket/metadata';
import { RepoProperties } from '../bitbucket/converters/repo';
import { readUserNickname } from '../bitbucket/converters/user';
import { readWorkspaceRef } from '../bitbucket/converters/workspace';
import {
  CircleCIEntities,
  CircleCIRelationships,
  CircleCISteps,
} from '../circleci/metadata';
import { readPipelineRef } from '../circleci/converters/pipeline';
import { readProjectRef } from '../circleci/converters/project';
import { readUserLogin } from '../circleci/converters/user';
import { readUserGroupSlug } from '../circleci/converters/userGroup';
import { IntegrationConfig } from '../config';
import {
  absoluteHttpLink,
  addRelationshipOnce,
  relateOnce,
  StepContext,
  stringProperty,
  declareStep,
  mappedIsRelationship,
} from '../steps';
import {
  bitbucketFullNameFromUrl,
  bitbucketWorkspaceOfOrgSlug,
  matchUserByWorkspaceNickname,
} from './match';
import {
  CROSS_VENDOR_INGESTION_SOURCE,
  CrossVendorMappedRelationships,
  CrossVendorRelationships,
  CrossVendorSteps,
} from './metadata';

type Context = StepContext;
const CE = CircleCIEntities;
const BE = BitbucketEntities;

function projectToCodeRepoMapping(project: Entity, vcsUrl: string) {
  return mappedIsRelationship(
    project,
    CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO._type,
    { _class: 'CodeRepo', property: 'webLink', value: vcsUrl },
  );
}

/**
 * Both vendors configured: a project building a repository of an ingested
 * workspace is linked to that bitbucket_repo; any other project (GitHub, a
 * workspace this instance does not ingest) gets the mapped relationship.
 */
export async function linkProjectsToRepos({ jobState, logger }: Context) {
  const repoKeyByFullName = new Map<string, string>();
  await jobState.iterateEntities({ _type: BE.REPO._type }, (repo) => {
    const fullName = stringProperty(repo, RepoProperties.fullName);
    if (fullName) repoKeyByFullName.set(fullName.toLowerCase(), repo._key);
  });
  let linked = 0;
  let mapped = 0;
  await jobState.iterateEntities(
    { _type: CE.PROJECT._type },
    async (project) => {
      // Only an absolute http(s) URL names a repository: `circleci/<org-id>`
      // projects have a scheme-less //circleci.com/<org-id>/<project-id>.
      const vcsUrl = absoluteHttpLink(readProjectRef(project)?.vcsUrl);
      if (!vcsUrl) return;
      const fullName = bitbucketFullNameFromUrl(vcsUrl);
      const repoKey = fullName ? repoKeyByFullName.get(fullName) : undefined;
      if (repoKey) {
        linked++;
        const repo = { _key: repoKey, _type: BE.REPO._type };
        await relateOnce(jobState, project, RelationshipClass.IS, repo);
      } else {
        mapped++;
        await addRelationshipOnce(
          jobState,
          projectToCodeRepoMapping(project, vcsUrl),
        );
      }
    },
  );
  logger.info({ linked, mapped }, 'Linked CircleCI projects to repositories');
}

/** Only CircleCI configured: every project maps to a CodeRepo by VCS URL. */
export async function mapProjectsToCodeRepos({ jobState }: Context) {
  await jobState.iterateEntities(
    { _type: CE.PROJECT._type },
    async (project) => {
      // Only an absolute http(s) URL can be a CodeRepo's webLink.
      const vcsUrl = absoluteHttpLink(readProjectRef(project)?.vcsUrl);
      if (vcsUrl)
        await addRelationshipOnce(
          jobState,
          projectToCodeRepoMapping(project, vcsUrl),
        );
    },
  );
}

export async function linkPipelinesToPullRequests({
  jobState,
  logger,
}: Context) {
  const index = await indexPullRequestCommits(jobState);
  let linked = 0;
  await jobState.iterateEntities(
    { _type: CE.PIPELINE._type },
    async (pipeline) => {
      const ref = readPipelineRef(pipeline);
      const revision = ref.vcsRevision;
      const fullName = bitbucketFullNameFromUrl(ref.vcsTargetRepositoryUrl);
      if (!revision || !fullName) return;
      for (const match of index.find(fullName, revision)) {
        linked++;
        const pr = { _key: match.pullRequestKey, _type: BE.PULL_REQUEST._type };
        await relateOnce(jobState, pipeline, RelationshipClass.EVALUATES, pr, {
          matchedOn: match.matchedOn,
          commit: revision,
        });
      }
    },
  );
  logger.info(
    { linked },
    'Linked CircleCI pipelines to Bitbucket pull requests',
  );
}

export async function linkUsers({ jobState, logger }: Context) {
  // workspace slug -> nickname -> bitbucket_user keys of its members
  const workspaceSlugByKey = new Map<string, string>();
  await jobState.iterateEntities({ _type: BE.WORKSPACE._type }, (entity) => {
    const workspace = readWorkspaceRef(entity);
    if (workspace) {
      workspaceSlugByKey.set(workspace.uuid, workspace.slug.toLowerCase());
    }
  });
  const nicknameByUserKey = new Map<string, string>();
  await jobState.iterateEntities({ _type: BE.USER._type }, (user) => {
    const nickname = readUserNickname(user);
    if (nickname) nicknameByUserKey.set(user._key, nickname);
  });
  const membersByWorkspace = new Map<string, Map<string, string[]>>();
  await jobState.iterateRelationships(
    { _type: BitbucketRelationships.WORKSPACE_HAS_USER._type },
    (rel) => {
      const slug = workspaceSlugByKey.get(String(rel._fromEntityKey));
      const nickname = nicknameByUserKey.get(String(rel._toEntityKey));
      if (!slug || !nickname) return;
      const byNickname =
        membersByWorkspace.get(slug) ?? new Map<string, string[]>();
      byNickname.set(nickname, [
        ...(byNickname.get(nickname) ?? []),
        String(rel._toEntityKey),
      ]);
      membersByWorkspace.set(slug, byNickname);
    },
  );

  // circleci_user key -> Bitbucket workspaces of the bb/ organizations it belongs to
  const workspaceByGroupKey = new Map<string, string>();
  await jobState.iterateEntities({ _type: CE.USER_GROUP._type }, (group) => {
    const workspace = bitbucketWorkspaceOfOrgSlug(readUserGroupSlug(group));
    if (workspace) workspaceByGroupKey.set(group._key, workspace);
  });
  const workspacesByUserKey = new Map<string, string[]>();
  await jobState.iterateRelationships(
    { _type: CircleCIRelationships.USER_GROUP_HAS_USER._type },
    (rel) => {
      const workspace = workspaceByGroupKey.get(String(rel._fromEntityKey));
      if (!workspace) return;
      const key = String(rel._toEntityKey);
      workspacesByUserKey.set(key, [
        ...(workspacesByUserKey.get(key) ?? []),
        workspace,
      ]);
    },
  );

  let linked = 0;
  await jobState.iterateEntities({ _type: CE.USER._type }, async (user) => {
    const login = readUserLogin(user);
    const workspaces = workspacesByUserKey.get(user._key);
    if (!login || !workspaces) return;
    const bitbucketUserKey = matchUserByWorkspaceNickname(
      login,
      workspaces,
      membersByWorkspace,
    );
    if (!bitbucketUserKey) return;
    linked++;
    const bitbucketUser = { _key: bitbucketUserKey, _type: BE.USER._type };
    await relateOnce(jobState, user, RelationshipClass.IS, bitbucketUser);
  });
  logger.info({ linked }, 'Linked CircleCI users to Bitbucket users');
}

export const crossVendorSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(CrossVendorSteps.PROJECT_REPO, linkProjectsToRepos, {
    writes: [
      CrossVendorRelationships.PROJECT_IS_REPO,
      CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO,
    ],
    after: [CircleCISteps.PROJECTS, BitbucketSteps.REPOS],
    source: CROSS_VENDOR_INGESTION_SOURCE,
  }),
  declareStep(
    CrossVendorSteps.PROJECT_CODE_REPO_MAPPING,
    mapProjectsToCodeRepos,
    {
      writes: [CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO],
      after: [CircleCISteps.PROJECTS],
      source: CROSS_VENDOR_INGESTION_SOURCE,
    },
  ),
  declareStep(
    CrossVendorSteps.PIPELINE_PULL_REQUEST,
    linkPipelinesToPullRequests,
    {
      writes: [CrossVendorRelationships.PIPELINE_EVALUATES_PULL_REQUEST],
      after: [CircleCISteps.PIPELINES, BitbucketSteps.PULL_REQUESTS],
      source: CROSS_VENDOR_INGESTION_SOURCE,
    },
  ),
  declareStep(CrossVendorSteps.USER_USER, linkUsers, {
    writes: [CrossVendorRelationships.USER_IS_USER],
    after: [CircleCISteps.USERS, BitbucketSteps.USERS],
    source: CROSS_VENDOR_INGESTION_SOURCE,
  }),
];
