/**
 * Hard cases the managed questions' answers are tested on
 * (test/questions-answers.test.ts), each next to a near miss the original
 * demo already holds. Kept apart from demo.ts and added after every
 * original object, so the seeded ids of the original demo do not move; the
 * new pipelines are the newest of their project, so the original pipeline
 * numbers do not move either.
 */
import { BitbucketDatasetRefs } from '../types';
import { CircleCIDatasetBuilder, DAY_MS, HOUR_MS, MINUTE_MS } from './builder';
import {
  CircleCICollaboration,
  CircleCIProjectRecord,
  CircleCIUser,
} from './types';

export interface QuestionCaseInputs {
  refs: BitbucketDatasetRefs;
  org: CircleCICollaboration;
  /** The projects building acme-eng/web-app and acme-eng/api-gateway. */
  projects: CircleCIProjectRecord[];
  /** Starts the new pipelines (a Bitbucket member). */
  releaser: CircleCIUser;
  /** An account `GET /user/{id}` no longer knows. */
  deletedUserId: string;
}

function projectOf(
  inputs: QuestionCaseInputs,
  repoSlug: string,
): CircleCIProjectRecord | undefined {
  return inputs.projects.find((p) => p.project.name === repoSlug);
}

export function addQuestionCases(
  b: CircleCIDatasetBuilder,
  inputs: QuestionCaseInputs,
): void {
  const { releaser } = inputs;
  const repoRef = (slug: string) =>
    inputs.refs.repos.find(
      (r) => r.workspace === inputs.org.name && r.repoSlug === slug,
    );

  // api-gateway: the merge commit of api-gateway#4 (merged with no
  // approval, 4 hours ago) is built and deployed by a workflow without an
  // approval job: a deploy of an unapproved pull request, and a deploy
  // without an approval step.
  const gateway = projectOf(inputs, 'api-gateway');
  const hotfix = repoRef('api-gateway')?.pullRequests.find((pr) => pr.id === 4);
  if (gateway && hotfix?.mergeCommit) {
    const pipeline = b.pipeline(gateway, {
      ageMs: 3 * HOUR_MS + 50 * MINUTE_MS,
      actor: releaser,
      branch: repoRef('api-gateway')?.mainBranch ?? 'main',
      revision: hotfix.mergeCommit,
      subject: 'Merged in hotfix/connection-pool (pull request #4)',
    });
    const wf = b.workflow(pipeline, {
      name: 'build-and-deploy',
      status: 'success',
      startedBy: releaser.id,
    });
    const build = b.job(wf, { name: 'build', status: 'success' });
    b.job(wf, {
      name: 'deploy-production',
      status: 'success',
      dependencies: [build],
      startOffsetMs: 3 * MINUTE_MS,
    });
  }

  // web-app: a commit pushed straight to master (no pull request) is
  // deployed after a hold approved by an account since deleted: a deploy
  // linked to no pull request, and an approval whose approver is unknown.
  const webApp = projectOf(inputs, 'web-app');
  if (webApp) {
    // 4 hours old: the newest of web-app (whose others are 5 hours old and
    // more), yet older than my-service's newest, so the order in which
    // projects were last built does not change.
    const pipeline = b.pipeline(webApp, {
      ageMs: 4 * HOUR_MS,
      actor: releaser,
      branch: repoRef('web-app')?.mainBranch ?? 'master',
      revision: b.random.hex(40),
      subject: 'Hotfix: set SameSite on the session cookie',
    });
    const wf = b.workflow(pipeline, {
      name: 'release',
      status: 'success',
      startedBy: releaser.id,
    });
    const build = b.job(wf, { name: 'build', status: 'success' });
    const hold = b.job(wf, {
      name: 'hold-production',
      type: 'approval',
      status: 'success',
      dependencies: [build],
      approvedBy: inputs.deletedUserId,
      startOffsetMs: 2 * MINUTE_MS,
    });
    b.job(wf, {
      name: 'deploy-production',
      status: 'success',
      dependencies: [hold],
      startOffsetMs: 15 * MINUTE_MS,
    });
  }

  // Restricted by an expression only: restricted, but to no named project
  // (aws-production, restricted by an expression *and* projects, is the
  // near miss).
  b.context(
    inputs.org,
    'staging-deploy',
    60 * DAY_MS,
    ['STAGING_DEPLOY_KEY'],
    [
      {
        type: 'expression',
        expression: 'pipeline.git.branch starts-with "release/"',
      },
    ],
  );

  // A signing key unchanged for 400 days next to its id, rotated 10 days
  // ago: only the first is stale.
  const gatewayOrFirst = gateway ?? inputs.projects[0];
  if (gatewayOrFirst) {
    const signing = b.context(
      inputs.org,
      'legacy-signing',
      500 * DAY_MS,
      ['SIGNING_KEY', 'SIGNING_KEY_ID'],
      [{ type: 'project', project: gatewayOrFirst }],
    );
    signing.envVars[0].updated_at = b.iso(400 * DAY_MS);
    signing.envVars[1].updated_at = b.iso(10 * DAY_MS);
  }
}
