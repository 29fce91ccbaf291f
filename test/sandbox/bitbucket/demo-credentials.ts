/**
 * The demo's write and exfiltration paths besides people: deploy keys of
 * repositories and projects. Each hard case of the managed questions has a
 * near miss next to it (test/questions-answers.test.ts):
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
 * Public keys only; their private halves were discarded (shared-keys.ts).
 */
import { SHARED_DEPLOY_PUBLIC_KEY } from '../shared-keys';
import { DEMO_WORKSPACES, eng, labs, repoUuid, userUuid } from './demo-ids';
import { BbDeployKey } from './model';

const DAY = 24 * 60 * 60 * 1000;

export const DEMO_PUBLIC_KEYS = {
  legacyDeploy:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOm2WqxSKd4lQgEEAwOAmr9tFAxLutJ353HKv3o69rl0 legacy-deploy',
  releaseBot:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICZKhGZ8NHFh8SN2wpHgA/GpwNRXTcZLa0OKGqiNOwlc release-bot',
  projectDeploy:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICrKP6+/R/gkW082xtagwuMfRld1AIfB+jCuP0Si+5zC project-key',
  // The example key of Bitbucket's "List repository deploy keys" answer.
  oldLaptop:
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDAK/b1cHHDr/TEV1JGQl+WjCwStKG6Bhrv0rFpEsYlyTBm1fzN0VOJJYn4ZOPCPJwqse6fGbXntEs+BbXiptR+++HycVgl65TMR0b5ul5AgwrVdZdT7qjCOCgaSV74/9xlHDK8oqgGnfA7ZoBBU+qpVyaloSjBdJfLtPY/xqj4yHnXKYzrtn/uFc4Kp9Tb7PUg9Io3qohSTGJGVHnsVblq/rToJG7L5xIo0OxK0SJSQ5vuId93ZuFZrCNMXj8JDHZeSEtjJzpRCBEXHxpOPhAcbm4MzULgkFHhAVgp4JbkrT99/wpvZ7r9AdkTg7HGqL3rlaDrEcWfL7Lu6TnhBdq5 erin@old-laptop',
} as const;

export function buildDemoDeployKeys(referenceTime: number): BbDeployKey[] {
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
}
