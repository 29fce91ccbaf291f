/**
 * Small helpers to assemble a consistent CircleCI account: ids come from the
 * seeded random source, times are relative to the dataset's reference time,
 * pipeline numbers are assigned per project in creation order (as CircleCI
 * numbers them) and every cross-reference (workflow -> pipeline, job ->
 * workflow, restriction -> project) is built from real objects.
 */
import { SeededRandom } from '../random';
import {
  CircleCICollaboration,
  CircleCIContextRecord,
  CircleCIContextRestriction,
  CircleCIData,
  CircleCIDeployData,
  CircleCIJob,
  CircleCIJobRecord,
  CircleCIJobStatus,
  CircleCIPipeline,
  CircleCIProjectRecord,
  CircleCIProjectSettings,
  CircleCIUser,
  CircleCIWorkflow,
  CircleCIWorkflowStatus,
} from './types';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface ProjectInput {
  org: CircleCICollaboration;
  repoName: string;
  vcsUrl: string;
  defaultBranch: string;
  followed?: boolean;
  settings?: Partial<CircleCIProjectSettings['advanced']> | 'forbidden';
  /** Per-project listing records by listing name (listings/registry.ts). */
  listings?: CircleCIProjectRecord['listings'];
}

export interface PipelineInput {
  ageMs: number;
  triggerType?: CircleCIPipeline['trigger']['type'];
  actor: CircleCIUser;
  branch: string;
  revision: string;
  /** Pull-request id when the pipeline builds a PR source commit. */
  reviewId?: number;
  subject: string;
}

export interface WorkflowInput {
  name: string;
  status: CircleCIWorkflowStatus;
  startedBy: string;
  canceledBy?: string;
  /** Offset after the pipeline was created. */
  startOffsetMs?: number;
  durationMs?: number;
}

export interface JobInput {
  name: string;
  type?: 'build' | 'approval';
  status: CircleCIJobStatus;
  dependencies?: CircleCIJob[];
  approvedBy?: string;
  canceledBy?: string;
  startOffsetMs?: number;
  durationMs?: number;
}

export interface RestrictionInput {
  type: 'project' | 'expression';
  project?: CircleCIProjectRecord;
  expression?: string;
}

const DEFAULT_SETTINGS: CircleCIProjectSettings['advanced'] = {
  autocancel_builds: false,
  build_fork_prs: false,
  build_prs_only: false,
  disable_ssh: false,
  forks_receive_secret_env_vars: false,
  oss: false,
  set_github_status: true,
  setup_workflows: false,
  write_settings_requires_admin: false,
  pr_only_branch_overrides: ['main'],
};

export class CircleCIDatasetBuilder {
  private readonly users: CircleCIUser[] = [];
  private readonly collaborations: CircleCICollaboration[] = [];
  private readonly projects: CircleCIProjectRecord[] = [];
  private readonly pipelines: CircleCIPipeline[] = [];
  private readonly workflows: CircleCIWorkflow[] = [];
  private readonly jobs: CircleCIJobRecord[] = [];
  private readonly contexts: CircleCIContextRecord[] = [];
  private readonly deletedUserIds: string[] = [];
  private jobNumber = 0;
  /** Filled by test/sandbox/circleci/deploys.ts. */
  readonly deploys: CircleCIDeployData = {
    environments: [],
    components: [],
    versions: [],
  };

  constructor(readonly random: SeededRandom, readonly referenceTime: number) {}

  iso(ageMs: number): string {
    return new Date(this.referenceTime - ageMs).toISOString();
  }

  user(login: string, name: string, withAvatar = true): CircleCIUser {
    const user: CircleCIUser = {
      id: this.random.uuid(),
      login,
      name,
      avatar_url: withAvatar
        ? `https://avatars.sandbox.invalid/${encodeURIComponent(login)}`
        : null,
    };
    this.users.push(user);
    return user;
  }

  /** An id that jobs may reference but `GET /user/{id}` no longer knows. */
  deletedUser(): string {
    const id = this.random.uuid();
    this.deletedUserIds.push(id);
    return id;
  }

  /**
   * A `circleci/<org-id>` organization (GitHub App, GitLab, standalone): its
   * slug is made of ids, and so are its projects' slugs (see project()).
   */
  idOrg(name: string): CircleCICollaboration {
    const id = this.random.uuid();
    const collaboration: CircleCICollaboration = {
      id,
      'vcs-type': 'circleci',
      name,
      avatar_url: `https://avatars.sandbox.invalid/org/${encodeURIComponent(
        name,
      )}`,
      slug: `circleci/${id}`,
    };
    this.collaborations.push(collaboration);
    return collaboration;
  }

  org(vcsType: 'bitbucket' | 'github', name: string): CircleCICollaboration {
    const collaboration: CircleCICollaboration = {
      id: this.random.uuid(),
      'vcs-type': vcsType,
      name,
      avatar_url: `https://avatars.sandbox.invalid/org/${encodeURIComponent(
        name,
      )}`,
      slug: `${vcsType === 'bitbucket' ? 'bb' : 'gh'}/${name}`,
    };
    this.collaborations.push(collaboration);
    return collaboration;
  }

  project(input: ProjectInput): CircleCIProjectRecord {
    const id = this.random.uuid();
    // circleci/<org-id> projects: the slug ends in the project id (not the
    // name) and vcs_url is scheme-less //circleci.com/<org-id>/<project-id>,
    // as the real API answers for GitLab / GitHub App / standalone orgs.
    const idNamed = input.org['vcs-type'] === 'circleci';
    const record: CircleCIProjectRecord = {
      project: {
        slug: `${input.org.slug}/${idNamed ? id : input.repoName}`,
        name: input.repoName,
        id,
        organization_name: input.org.name,
        organization_slug: input.org.slug,
        organization_id: input.org.id,
        vcs_info: {
          vcs_url: idNamed
            ? `//circleci.com/${input.org.id}/${id}`
            : input.vcsUrl,
          provider: idNamed
            ? 'CircleCI'
            : input.org['vcs-type'] === 'bitbucket'
            ? 'Bitbucket'
            : 'GitHub',
          default_branch: input.defaultBranch,
        },
      },
      settings:
        input.settings === 'forbidden'
          ? 'forbidden'
          : { advanced: { ...DEFAULT_SETTINGS, ...input.settings } },
      listings: { ...input.listings },
      followed: input.followed ?? true,
    };
    this.projects.push(record);
    return record;
  }

  pipeline(
    record: CircleCIProjectRecord,
    input: PipelineInput,
  ): CircleCIPipeline {
    const created = this.iso(input.ageMs);
    const vcsUrl = record.project.vcs_info.vcs_url;
    const provider = record.project.vcs_info.provider;
    const pipeline: CircleCIPipeline = {
      id: this.random.uuid(),
      errors: [],
      project_slug: record.project.slug,
      updated_at: this.iso(input.ageMs - MINUTE_MS),
      // Assigned in build(): CircleCI numbers pipelines per project by creation order.
      number: 0,
      trigger_parameters: {
        'git.branch': input.branch,
        'git.checkout_sha': input.revision,
      },
      state: 'created',
      created_at: created,
      trigger: {
        type: input.triggerType ?? 'webhook',
        received_at: created,
        actor: { login: input.actor.login, avatar_url: input.actor.avatar_url },
      },
      vcs: {
        provider_name: provider,
        origin_repository_url: vcsUrl,
        target_repository_url: vcsUrl,
        branch: input.branch,
        revision: input.revision,
        commit: { subject: input.subject, body: null },
        ...(input.reviewId === undefined
          ? {}
          : {
              review_id: String(input.reviewId),
              review_url:
                provider === 'Bitbucket'
                  ? `${vcsUrl}/pull-requests/${input.reviewId}`
                  : `${vcsUrl}/pull/${input.reviewId}`,
            }),
      },
    };
    this.pipelines.push(pipeline);
    return pipeline;
  }

  workflow(pipeline: CircleCIPipeline, input: WorkflowInput): CircleCIWorkflow {
    const createdMs =
      Date.parse(pipeline.created_at) + (input.startOffsetMs ?? MINUTE_MS);
    const running = input.status === 'running' || input.status === 'on_hold';
    const workflow: CircleCIWorkflow = {
      pipeline_id: pipeline.id,
      id: this.random.uuid(),
      name: input.name,
      project_slug: pipeline.project_slug,
      status: input.status,
      started_by: input.startedBy,
      ...(input.canceledBy ? { canceled_by: input.canceledBy } : {}),
      pipeline_number: 0,
      created_at: new Date(createdMs).toISOString(),
      stopped_at: running
        ? null
        : new Date(
            createdMs + (input.durationMs ?? 10 * MINUTE_MS),
          ).toISOString(),
    };
    this.workflows.push(workflow);
    return workflow;
  }

  job(workflow: CircleCIWorkflow, input: JobInput): CircleCIJob {
    const type = input.type ?? 'build';
    const startedMs =
      Date.parse(workflow.created_at) + (input.startOffsetMs ?? 0);
    const finished = !['running', 'on_hold', 'queued', 'blocked'].includes(
      input.status,
    );
    const job: CircleCIJob = {
      dependencies: (input.dependencies ?? []).map((d) => d.id),
      id: this.random.uuid(),
      // Real job items carry created_at; the spec's Job schema does not.
      created_at: new Date(Date.parse(workflow.created_at)).toISOString(),
      started_at: new Date(startedMs).toISOString(),
      name: input.name,
      project_slug: workflow.project_slug,
      status: input.status,
      type,
      stopped_at: finished
        ? new Date(
            startedMs + (input.durationMs ?? 2 * MINUTE_MS),
          ).toISOString()
        : null,
    };
    // Approval jobs have no job number and carry an approval request id.
    if (type === 'build') {
      this.jobNumber += 1;
      job.job_number = this.jobNumber;
    } else {
      job.approval_request_id = job.id;
    }
    if (input.approvedBy) job.approved_by = input.approvedBy;
    if (input.canceledBy) job.canceled_by = input.canceledBy;
    this.jobs.push({ workflowId: workflow.id, job });
    return job;
  }

  context(
    org: CircleCICollaboration,
    name: string,
    ageMs: number,
    variables: string[],
    restrictions: RestrictionInput[],
  ): CircleCIContextRecord {
    const id = this.random.uuid();
    const created = this.iso(ageMs);
    const record: CircleCIContextRecord = {
      context: { id, name, created_at: created },
      ownerId: org.id,
      envVars: variables.map((variable, index) => ({
        variable,
        created_at: created,
        updated_at: this.iso(ageMs - (index + 1) * HOUR_MS),
        context_id: id,
      })),
      restrictions: restrictions.map((r) => this.restriction(id, r)),
    };
    this.contexts.push(record);
    return record;
  }

  private restriction(
    contextId: string,
    input: RestrictionInput,
  ): CircleCIContextRestriction {
    if (input.type === 'project' && input.project) {
      return {
        id: this.random.uuid(),
        context_id: contextId,
        project_id: input.project.project.id,
        name: input.project.project.name,
        restriction_type: 'project',
        restriction_value: input.project.project.id,
      };
    }
    const expression = input.expression ?? 'true';
    return {
      id: this.random.uuid(),
      context_id: contextId,
      name: expression,
      restriction_type: 'expression',
      restriction_value: expression,
    };
  }

  build(me: CircleCIUser): CircleCIData {
    const byProject = new Map<string, CircleCIPipeline[]>();
    for (const pipeline of this.pipelines) {
      const list = byProject.get(pipeline.project_slug) ?? [];
      list.push(pipeline);
      byProject.set(pipeline.project_slug, list);
    }
    const ordered: CircleCIPipeline[] = [];
    for (const record of this.projects) {
      const list = byProject.get(record.project.slug) ?? [];
      list.sort((a, b) => a.created_at.localeCompare(b.created_at));
      list.forEach((pipeline, index) => {
        pipeline.number = index + 1;
      });
      ordered.push(...list.reverse());
    }
    const numbers = new Map(ordered.map((p) => [p.id, p.number]));
    for (const workflow of this.workflows) {
      workflow.pipeline_number = numbers.get(workflow.pipeline_id) ?? 0;
    }
    return {
      me,
      users: this.users,
      deletedUserIds: this.deletedUserIds,
      collaborations: this.collaborations,
      projects: this.projects,
      pipelines: ordered,
      workflows: this.workflows,
      jobs: this.jobs,
      contexts: this.contexts,
      deploys: this.deploys,
    };
  }
}
