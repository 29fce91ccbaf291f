/**
 * Renders Bitbucket Pipelines records (pipelines, deployment environments,
 * deployments) as the API's JSON. The spec's schemas leave `target`,
 * `trigger`, `state` and most of an environment or deployment as open
 * objects; the fields below are those of real answers (typed objects named
 * by `type`, e.g. `pipeline_state_completed` with a `result`).
 */
import { DataIndex } from './data-index';
import { BbDeployment, BbEnvironment, BbPipeline, BbRepo } from './model';
import { iso, JsonObject, Renderer } from './render';

const slugOf = (name: string): string =>
  name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export class PipelinesRenderer {
  constructor(
    private readonly renderer: Renderer,
    private readonly index: DataIndex,
    private readonly apiBase: string,
  ) {}

  private repoBase(repo: BbRepo): string {
    return `${this.apiBase}/repositories/${repo.workspaceSlug}/${repo.slug}`;
  }

  pipeline(repo: BbRepo, p: BbPipeline): JsonObject {
    const target =
      p.target.kind === 'branch'
        ? {
            type: 'pipeline_ref_target',
            ref_type: 'branch',
            ref_name: p.target.refName,
            selector: { type: 'branches', pattern: p.target.refName },
            commit: { type: 'commit', hash: p.target.commit },
          }
        : {
            type: 'pipeline_pullrequest_target',
            source: p.target.source,
            destination: p.target.destination,
            pullrequest: { type: 'pullrequest', id: p.target.pullRequestId },
            selector: { type: 'pull-requests', pattern: '**' },
            commit: { type: 'commit', hash: p.target.commit },
          };
    const state =
      p.state === 'COMPLETED'
        ? {
            type: 'pipeline_state_completed',
            name: 'COMPLETED',
            result: {
              type: `pipeline_state_completed_${(
                p.result ?? 'SUCCESSFUL'
              ).toLowerCase()}`,
              name: p.result ?? 'SUCCESSFUL',
            },
          }
        : {
            type: 'pipeline_state_in_progress',
            name: 'IN_PROGRESS',
            stage: {
              type: 'pipeline_state_in_progress_running',
              name: 'RUNNING',
            },
          };
    return {
      type: 'pipeline',
      uuid: p.uuid,
      build_number: p.buildNumber,
      creator: this.renderer.account(p.creatorUuid),
      repository: this.renderer.repositoryCondensed(repo),
      target,
      trigger: {
        type: `pipeline_trigger_${p.trigger}`,
        name: p.trigger.toUpperCase(),
      },
      state,
      created_on: iso(p.createdOn),
      ...(p.completedOn !== undefined
        ? {
            completed_on: iso(p.completedOn),
            duration_in_seconds: Math.round(
              (p.completedOn - p.createdOn) / 1000,
            ),
          }
        : {}),
      build_seconds_used: p.buildSecondsUsed,
    };
  }

  environment(e: BbEnvironment): JsonObject {
    return {
      type: 'deployment_environment',
      uuid: e.uuid,
      name: e.name,
      slug: slugOf(e.name),
      environment_type: {
        type: 'deployment_environment_type',
        name: e.type,
        rank: { Test: 0, Staging: 1, Production: 2 }[e.type],
      },
      rank: e.rank,
      hidden: false,
      restrictions: {
        type: 'deployment_restrictions_configuration',
        admin_only: e.adminOnly,
      },
      environment_lock_enabled: true,
      lock: { type: 'deployment_environment_lock_open', name: 'OPEN' },
      deployment_gate_enabled: false,
      category: { name: e.type },
    };
  }

  deployment(repo: BbRepo, d: BbDeployment): JsonObject {
    const pipeline = this.index.pipelines.get(d.pipelineUuid);
    const commit = {
      type: 'commit',
      hash: d.commit,
      links: {
        self: { href: `${this.repoBase(repo)}/commit/${d.commit}` },
        html: {
          href: `https://bitbucket.org/${repo.workspaceSlug}/${repo.slug}/commits/${d.commit}`,
        },
      },
    };
    const resultsUrl = `https://bitbucket.org/${repo.workspaceSlug}/${
      repo.slug
    }/addon/pipelines/home#!/results/${pipeline?.buildNumber ?? 0}`;
    return {
      type: 'deployment',
      uuid: d.uuid,
      number: d.number,
      key: `${d.pipelineUuid}-deploy`,
      step: { uuid: `${d.uuid.slice(0, -1)}-step}` },
      environment: { type: 'deployment_environment', uuid: d.environmentUuid },
      release: {
        type: 'deployment_release',
        uuid: `${d.uuid.slice(0, -1)}-release}`,
        name: d.releaseName,
        url: resultsUrl,
        commit,
        created_on: iso(pipeline?.createdOn ?? d.startedOn),
        pipeline: { type: 'pipeline', uuid: d.pipelineUuid },
      },
      deployable: {
        type: 'deployment_deployable',
        uuid: `${d.uuid.slice(0, -1)}-deployable}`,
        name: d.releaseName,
        url: resultsUrl,
        commit,
        created_on: iso(pipeline?.createdOn ?? d.startedOn),
        pipeline: { type: 'pipeline', uuid: d.pipelineUuid },
      },
      state: {
        type: 'deployment_state_completed',
        name: 'COMPLETED',
        url: resultsUrl,
        status: {
          type: `deployment_state_completed_status_${d.status.toLowerCase()}`,
          name: d.status,
        },
        started_on: iso(d.startedOn),
        completed_on: iso(d.completedOn),
        deployer: this.renderer.account(d.deployerUuid),
      },
      last_update_time: iso(d.completedOn),
    };
  }
}
