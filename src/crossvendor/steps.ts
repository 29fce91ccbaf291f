import {
  createDirectRelationship,
  createMappedRelationship,
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { BitbucketSteps } from '../bitbucket/metadata';
import { CircleCISteps } from '../circleci/metadata';
import { IntegrationConfig } from '../config';
import {
  absoluteHttpLink,
  addRelationshipOnce,
  stringProperty,
} from '../steps';
import {
  bitbucketFullNameFromUrl,
  bitbucketWorkspaceOfOrgSlug,
  matchUserByWorkspaceNickname,
  PullRequestCommitIndex,
} from './match';
import {
  CROSS_VENDOR_INGESTION_SOURCE,
  CrossVendorMappedRelationships,
  CrossVendorRelationships,
  CrossVendorSteps,
} from './metadata';

type Context = IntegrationStepExecutionContext<IntegrationConfig>;

function projectToCodeRepoMapping(project: Entity, vcsUrl: string) {
  return createMappedRelationship({
    _class: RelationshipClass.IS,
    _type: CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO._type,
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: project._key,
      targetFilterKeys: [['_class', 'webLink']],
      targetEntity: { _class: 'CodeRepo', webLink: vcsUrl },
      skipTargetCreation: true,
    },
  });
}

/**
 * Both vendors configured: a project building a repository of an ingested
 * workspace is linked to that bitbucket_repo; any other project (GitHub, a
 * workspace this instance does not ingest) gets the mapped relationship.
 */
async function linkProjectsToRepos({ jobState, logger }: Context) {
  const repoKeyByFullName = new Map<string, string>();
  await jobState.iterateEntities({ _type: 'bitbucket_repo' }, (repo) => {
    const fullName = stringProperty(repo, 'fullName');
    if (fullName) repoKeyByFullName.set(fullName.toLowerCase(), repo._key);
  });
  let linked = 0;
  let mapped = 0;
  await jobState.iterateEntities(
    { _type: 'circleci_project' },
    async (project) => {
      // Only an absolute http(s) URL names a repository: `circleci/<org-id>`
      // projects have a scheme-less //circleci.com/<org-id>/<project-id>.
      const vcsUrl = absoluteHttpLink(stringProperty(project, 'vcsUrl'));
      if (!vcsUrl) return;
      const fullName = bitbucketFullNameFromUrl(vcsUrl);
      const repoKey = fullName ? repoKeyByFullName.get(fullName) : undefined;
      if (repoKey) {
        linked++;
        await addRelationshipOnce(
          jobState,
          createDirectRelationship({
            _class: RelationshipClass.IS,
            fromType: 'circleci_project',
            fromKey: project._key,
            toType: 'bitbucket_repo',
            toKey: repoKey,
          }),
        );
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
async function mapProjectsToCodeRepos({ jobState }: Context) {
  await jobState.iterateEntities(
    { _type: 'circleci_project' },
    async (project) => {
      // Only an absolute http(s) URL can be a CodeRepo's webLink.
      const vcsUrl = absoluteHttpLink(stringProperty(project, 'vcsUrl'));
      if (vcsUrl)
        await addRelationshipOnce(
          jobState,
          projectToCodeRepoMapping(project, vcsUrl),
        );
    },
  );
}

async function linkPipelinesToPullRequests({ jobState, logger }: Context) {
  const index = new PullRequestCommitIndex();
  await jobState.iterateEntities({ _type: 'bitbucket_pull_request' }, (pr) => {
    const repositoryFullName = stringProperty(pr, 'repositoryFullName');
    if (!repositoryFullName) return;
    index.add({
      key: pr._key,
      repositoryFullName: repositoryFullName.toLowerCase(),
      mergeCommit: stringProperty(pr, 'mergeCommit'),
      sourceCommit: stringProperty(pr, 'sourceCommit'),
    });
  });
  let linked = 0;
  await jobState.iterateEntities(
    { _type: 'circleci_pipeline' },
    async (pipeline) => {
      const revision = stringProperty(pipeline, 'vcsRevision');
      const fullName = bitbucketFullNameFromUrl(
        stringProperty(pipeline, 'vcsTargetRepositoryUrl'),
      );
      if (!revision || !fullName) return;
      for (const match of index.find(fullName, revision)) {
        linked++;
        await addRelationshipOnce(
          jobState,
          createDirectRelationship({
            _class: RelationshipClass.EVALUATES,
            fromType: 'circleci_pipeline',
            fromKey: pipeline._key,
            toType: 'bitbucket_pull_request',
            toKey: match.pullRequestKey,
            properties: { matchedOn: match.matchedOn, commit: revision },
          }),
        );
      }
    },
  );
  logger.info(
    { linked },
    'Linked CircleCI pipelines to Bitbucket pull requests',
  );
}

async function linkUsers({ jobState, logger }: Context) {
  // workspace slug -> nickname -> bitbucket_user keys of its members
  const workspaceSlugByKey = new Map<string, string>();
  await jobState.iterateEntities({ _type: 'bitbucket_workspace' }, (ws) => {
    const slug = stringProperty(ws, 'slug');
    if (slug) workspaceSlugByKey.set(ws._key, slug.toLowerCase());
  });
  const nicknameByUserKey = new Map<string, string>();
  await jobState.iterateEntities({ _type: 'bitbucket_user' }, (user) => {
    const nickname = stringProperty(user, 'nickname');
    if (nickname) nicknameByUserKey.set(user._key, nickname);
  });
  const membersByWorkspace = new Map<string, Map<string, string[]>>();
  await jobState.iterateRelationships(
    { _type: 'bitbucket_workspace_has_user' },
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
  await jobState.iterateEntities({ _type: 'circleci_user_group' }, (group) => {
    const workspace = bitbucketWorkspaceOfOrgSlug(
      stringProperty(group, 'slug'),
    );
    if (workspace) workspaceByGroupKey.set(group._key, workspace);
  });
  const workspacesByUserKey = new Map<string, string[]>();
  await jobState.iterateRelationships(
    { _type: 'circleci_user_group_has_user' },
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
  await jobState.iterateEntities({ _type: 'circleci_user' }, async (user) => {
    const login = stringProperty(user, 'username');
    const workspaces = workspacesByUserKey.get(user._key);
    if (!login || !workspaces) return;
    const bitbucketUserKey = matchUserByWorkspaceNickname(
      login,
      workspaces,
      membersByWorkspace,
    );
    if (!bitbucketUserKey) return;
    linked++;
    await addRelationshipOnce(
      jobState,
      createDirectRelationship({
        _class: RelationshipClass.IS,
        fromType: 'circleci_user',
        fromKey: user._key,
        toType: 'bitbucket_user',
        toKey: bitbucketUserKey,
      }),
    );
  });
  logger.info({ linked }, 'Linked CircleCI users to Bitbucket users');
}

export const crossVendorSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CrossVendorSteps.PROJECT_REPO,
    entities: [],
    relationships: [CrossVendorRelationships.PROJECT_IS_REPO],
    mappedRelationships: [CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO],
    dependsOn: [CircleCISteps.PROJECTS.id, BitbucketSteps.REPOS.id],
    ingestionSourceId: CROSS_VENDOR_INGESTION_SOURCE,
    executionHandler: linkProjectsToRepos,
  },
  {
    ...CrossVendorSteps.PROJECT_CODE_REPO_MAPPING,
    entities: [],
    relationships: [],
    mappedRelationships: [CrossVendorMappedRelationships.PROJECT_IS_CODE_REPO],
    dependsOn: [CircleCISteps.PROJECTS.id],
    ingestionSourceId: CROSS_VENDOR_INGESTION_SOURCE,
    executionHandler: mapProjectsToCodeRepos,
  },
  {
    ...CrossVendorSteps.PIPELINE_PULL_REQUEST,
    entities: [],
    relationships: [CrossVendorRelationships.PIPELINE_EVALUATES_PULL_REQUEST],
    dependsOn: [CircleCISteps.PIPELINES.id, BitbucketSteps.PULL_REQUESTS.id],
    ingestionSourceId: CROSS_VENDOR_INGESTION_SOURCE,
    executionHandler: linkPipelinesToPullRequests,
  },
  {
    ...CrossVendorSteps.USER_USER,
    entities: [],
    relationships: [CrossVendorRelationships.USER_IS_USER],
    dependsOn: [CircleCISteps.USERS.id, BitbucketSteps.USERS.id],
    ingestionSourceId: CROSS_VENDOR_INGESTION_SOURCE,
    executionHandler: linkUsers,
  },
];
