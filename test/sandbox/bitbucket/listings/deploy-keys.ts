/**
 * SSH deploy keys of repositories (repository admin) and of projects
 * (project:admin). Demo hard cases (test/questions-answers.test.ts):
 *
 *  - my-service's `ci-deploy` key is also a CircleCI checkout key
 *    (SHARED_DEPLOY_PUBLIC_KEY); used yesterday, added by alice (a member):
 *    the near miss of both key questions.
 *  - web-app's `legacy-deploy` was last used 120 days ago: stale.
 *  - experiments' `old-laptop` was never used and added 300 days ago: stale.
 *  - the PLAT project's `project-deploy` was never used but added 10 days
 *    ago: not stale (near miss).
 *  - api-gateway's `release-bot` was added by mallory, who is no member of
 *    acme-eng: added by someone no longer a member.
 *  - legacy-billing's key is never served (its admin endpoints answer 403).
 *
 * Public keys only; their private halves were discarded (demo-public-keys.ts).
 */
import { SHARED_DEPLOY_PUBLIC_KEY } from '../../demo-public-keys';
import { DEMO_PUBLIC_KEYS } from '../demo-credentials';
import { DEMO_WORKSPACES, eng, labs, repoUuid, userUuid } from '../demo-ids';
import { iso } from '../render';
import { defineListing, ownerKey } from './listing';

/**
 * An SSH deploy key of one repository (`repoUuid`) or one project
 * (`project`); `key` is the OpenSSH public key line.
 */
export interface BbDeployKey {
  id: number;
  repoUuid?: string;
  project?: { workspaceSlug: string; key: string };
  key: string;
  label: string;
  addedOn: number;
  /** Absent: never used (the vendor sends null). */
  lastUsed?: number;
  /** `owner` of a repository key, `created_by` of a project key. */
  ownerUuid?: string;
}

/**
 * schemas.deploy_key / project_deploy_key. The schemas name the date
 * `added_on`, the endpoints' examples `created_on`: a repository key
 * carries the first, a project key the second, so clients meet both. A
 * never-used key has no `last_used` (the vendor's null).
 */
function common(key: BbDeployKey) {
  const comment = key.key.trim().split(/\s+/).slice(2).join(' ');
  return {
    id: key.id,
    key: key.key,
    label: key.label,
    ...(comment ? { comment } : {}),
    ...(key.lastUsed !== undefined ? { last_used: iso(key.lastUsed) } : {}),
  };
}

const DAY = 24 * 60 * 60 * 1000;

export const DEPLOY_KEYS = defineListing<BbDeployKey>({
  name: 'deployKeys',
  routes: [
    {
      owner: 'repository',
      path: '/repositories/{workspace}/{repo_slug}/deploy-keys',
      scope: 'repository:admin',
      repositoryAdmin: true,
      defaultPagelen: 10,
      ownerOf: (key) => (key.project ? undefined : key.repoUuid),
      render: (key, repo, renderer) => ({
        type: 'deploy_key',
        ...common(key),
        added_on: iso(key.addedOn),
        repository: renderer.repositoryCondensed(repo),
        ...(key.ownerUuid ? { owner: renderer.account(key.ownerUuid) } : {}),
        links: {
          self: renderer.api(
            `/repositories/${repo.workspaceSlug}/${repo.slug}/deploy-keys/${key.id}`,
          ),
        },
      }),
    },
    {
      owner: 'project',
      path: '/workspaces/{workspace}/projects/{project_key}/deploy-keys',
      scope: 'project:admin',
      defaultPagelen: 10,
      ownerOf: (key) =>
        key.project &&
        ownerKey.project(key.project.workspaceSlug, key.project.key),
      render: (key, project, renderer) => ({
        type: 'project_deploy_key',
        ...common(key),
        created_on: iso(key.addedOn),
        project: {
          type: 'project',
          key: project.key,
          uuid: project.uuid,
          name: project.name,
          links: renderer.projectLinks(project),
        },
        ...(key.ownerUuid
          ? { created_by: renderer.account(key.ownerUuid) }
          : {}),
        links: {
          self: renderer.api(
            `/workspaces/${project.workspaceSlug}/projects/${project.key}/deploy-keys/${key.id}`,
          ),
        },
      }),
    },
  ],
  demo: (referenceTime) => {
    const ago = (days: number): number => referenceTime - days * DAY;
    return [
      {
        id: 301,
        repoUuid: repoUuid(eng('my-service')),
        key: SHARED_DEPLOY_PUBLIC_KEY,
        label: 'ci-deploy',
        addedOn: ago(200),
        lastUsed: ago(1),
        ownerUuid: userUuid('alice'),
      },
      {
        id: 302,
        repoUuid: repoUuid(eng('web-app')),
        key: DEMO_PUBLIC_KEYS.legacyDeploy,
        label: 'legacy-deploy',
        addedOn: ago(400),
        lastUsed: ago(120),
        ownerUuid: userUuid('bob'),
      },
      {
        id: 303,
        repoUuid: repoUuid(eng('api-gateway')),
        key: DEMO_PUBLIC_KEYS.releaseBot,
        label: 'release-bot',
        addedOn: ago(30),
        lastUsed: ago(2),
        ownerUuid: userUuid('mallory'),
      },
      {
        id: 304,
        repoUuid: repoUuid(eng('legacy-billing')),
        key: DEMO_PUBLIC_KEYS.legacyDeploy,
        label: 'billing-deploy',
        addedOn: ago(500),
        lastUsed: ago(300),
        ownerUuid: userUuid('alice'),
      },
      {
        id: 305,
        repoUuid: repoUuid(labs('experiments')),
        key: DEMO_PUBLIC_KEYS.oldLaptop,
        label: '',
        addedOn: ago(300),
        ownerUuid: userUuid('erin'),
      },
      {
        id: 306,
        project: { workspaceSlug: DEMO_WORKSPACES.eng, key: 'PLAT' },
        key: DEMO_PUBLIC_KEYS.projectDeploy,
        label: 'project-deploy',
        addedOn: ago(10),
        ownerUuid: userUuid('alice'),
      },
    ];
  },
});
