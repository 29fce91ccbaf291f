/**
 * Real CircleCI payload shapes that differ from the OpenAPI document the
 * rest of the sandbox follows, served by default in the demo so every test
 * path meets them (docs/jupiterone.md, "Real payloads"):
 *
 *  - GET /me/collaborations items spell the VCS type `vcs_type` (the spec
 *    says `vcs-type`), as public recordings of the real API show;
 *  - `circleci/<org-id>` organizations (GitHub App, GitLab, standalone):
 *    project slugs end in the project id, not its name, and vcs_url is
 *    scheme-less `//circleci.com/<org-id>/<project-id>`;
 *  - errored pipelines: no `vcs`, trigger.received_at at the epoch, a
 *    trigger.type outside the spec's enum, trigger.actor.login "";
 *  - job items carry `created_at` (builder.ts).
 */
import { CircleCIDatasetBuilder, DAY_MS, HOUR_MS, MINUTE_MS } from './builder';
import { CircleCICollaboration, CircleCIUser } from './types';

/** The name of the demo's `circleci/<org-id>` organization. */
export const DEMO_STANDALONE_ORG = 'sandbox-standalone';
/** Its one project; its slug is `circleci/<org-id>/<project-id>`. */
export const DEMO_STANDALONE_PROJECT = 'platform-api';

export function addRealShapeCases(
  b: CircleCIDatasetBuilder,
  actor: CircleCIUser,
): void {
  const org = b.idOrg(DEMO_STANDALONE_ORG);
  const project = b.project({
    org,
    repoName: DEMO_STANDALONE_PROJECT,
    vcsUrl: '',
    defaultBranch: 'main',
  });
  const built = b.pipeline(project, {
    ageMs: 8 * HOUR_MS,
    triggerType: 'api',
    actor,
    branch: 'main',
    revision: b.random.hex(40),
    subject: 'Standalone build',
  });
  const wf = b.workflow(built, {
    name: 'build',
    status: 'success',
    startedBy: actor.id,
  });
  b.job(wf, {
    name: 'build',
    status: 'success',
    startOffsetMs: 2 * MINUTE_MS,
  });

  // An errored pipeline (invalid config): what the real API sends.
  const errored = b.pipeline(project, {
    ageMs: 2 * DAY_MS,
    actor,
    branch: 'main',
    revision: b.random.hex(40),
    subject: '',
  });
  errored.state = 'errored';
  errored.errors = [
    { type: 'config', message: 'Config does not conform to schema' },
  ];
  errored.trigger = {
    type: 'Decoupled Ingestion System',
    received_at: '1970-01-01T00:00:00.000Z',
    actor: { login: '', avatar_url: null },
  };
  delete errored.trigger_parameters;
  delete (errored as { vcs?: unknown }).vcs;
}

/** A collaboration as the real API spells it: `vcs_type`, not `vcs-type`. */
export function realCollaboration(
  collaboration: CircleCICollaboration,
): Record<string, unknown> {
  const { 'vcs-type': vcsType, ...rest } = collaboration;
  return { ...rest, vcs_type: vcsType };
}
