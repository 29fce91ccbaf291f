import {
  CircleCIJob,
  CircleCIPipeline,
  CircleCIWorkflow,
} from '../client/responses/pipelines';
import {
  createJobEntity,
  createPipelineEntity,
  createWorkflowEntity,
  readRunActivity,
} from './pipeline';
import { typed } from '../test-support/entity';

const pipeline: CircleCIPipeline = {
  id: '11111111-aaaa-4bbb-8ccc-000000000001',
  errors: [{ type: 'config', message: 'bad yaml' }],
  project_slug: 'gh/acme/api',
  updated_at: '2026-10-30T10:05:00Z',
  number: 42,
  trigger_parameters: { deploy_token: 'not-for-the-graph' },
  state: 'created',
  created_at: '2026-10-30T10:00:00Z',
  trigger: {
    type: 'webhook',
    received_at: '2026-10-30T09:59:59Z',
    actor: { login: 'alice', avatar_url: null },
  },
  vcs: {
    provider_name: 'GitHub',
    target_repository_url: 'https://github.com/acme/api',
    origin_repository_url: 'https://github.com/alice/api',
    branch: 'feature/x',
    review_id: '7',
    review_url: 'https://github.com/acme/api/pull/7',
    revision: 'abc123',
    commit: { subject: 'Add x', body: null },
  },
};

test('createPipelineEntity: the cross-vendor join fields; trigger_parameters dropped', () => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { trigger_parameters, ...raw } = pipeline;
  expect(createPipelineEntity(pipeline)).toEqual({
    _key: 'circleci_pipeline:11111111-aaaa-4bbb-8ccc-000000000001',
    ...typed('circleci_pipeline', ['Configuration'], raw),
    id: pipeline.id,
    name: pipeline.id,
    displayName: 'gh/acme/api #42',
    slug: 'gh/acme/api',
    projectSlug: 'gh/acme/api',
    number: 42,
    state: 'created',
    createdOn: Date.parse('2026-10-30T10:00:00Z'),
    updatedOn: Date.parse('2026-10-30T10:05:00Z'),
    triggerType: 'webhook',
    triggerReceivedOn: Date.parse('2026-10-30T09:59:59Z'),
    triggerActorLogin: 'alice',
    vcsProvider: 'GitHub',
    vcsRevision: 'abc123',
    vcsBranch: 'feature/x',
    vcsTag: undefined,
    vcsReviewId: '7',
    vcsReviewUrl: 'https://github.com/acme/api/pull/7',
    vcsTargetRepositoryUrl: 'https://github.com/acme/api',
    vcsOriginRepositoryUrl: 'https://github.com/alice/api',
    vcsCommitSubject: 'Add x',
    errorTypes: ['config'],
    errorMessages: ['bad yaml'],
    webLink: 'https://app.circleci.com/pipelines/gh/acme/api/42',
  });
  expect(JSON.stringify(createPipelineEntity(pipeline))).not.toContain(
    'not-for-the-graph',
  );
});

const workflow: CircleCIWorkflow = {
  id: '22222222-aaaa-4bbb-8ccc-000000000002',
  pipeline_id: pipeline.id,
  pipeline_number: 42,
  name: 'build-and-deploy',
  project_slug: 'gh/acme/api',
  status: 'success',
  started_by: '33333333-aaaa-4bbb-8ccc-000000000003',
  canceled_by: undefined,
  tag: null,
  created_at: '2026-10-30T10:00:01Z',
  stopped_at: '2026-10-30T10:09:00Z',
};

test('createWorkflowEntity: status, timestamps and the user ids', () => {
  expect(createWorkflowEntity(workflow)).toEqual({
    _key: 'circleci_workflow:22222222-aaaa-4bbb-8ccc-000000000002',
    ...typed('circleci_workflow', ['Configuration'], workflow),
    id: workflow.id,
    name: 'build-and-deploy',
    displayName: 'build-and-deploy',
    pipelineId: pipeline.id,
    pipelineNumber: 42,
    projectSlug: 'gh/acme/api',
    status: 'success',
    tag: undefined,
    startedBy: workflow.started_by,
    canceledBy: undefined,
    erroredBy: undefined,
    autoRerunNumber: undefined,
    maxAutoReruns: undefined,
    createdOn: Date.parse('2026-10-30T10:00:01Z'),
    stoppedOn: Date.parse('2026-10-30T10:09:00Z'),
    webLink: `https://app.circleci.com/pipelines/gh/acme/api/42/workflows/${workflow.id}`,
  });
});

const approvalGate: CircleCIJob = {
  id: '44444444-aaaa-4bbb-8ccc-000000000004',
  name: 'hold-for-prod',
  project_slug: 'gh/acme/api',
  status: 'success',
  type: 'approval',
  dependencies: ['55555555-aaaa-4bbb-8ccc-000000000005'],
  started_at: null,
  approved_by: '33333333-aaaa-4bbb-8ccc-000000000003',
  approval_request_id: '66666666-aaaa-4bbb-8ccc-000000000006',
};

test('createJobEntity: an approval gate with its approver', () => {
  const job = approvalGate;
  expect(createJobEntity(job, { id: workflow.id })).toEqual({
    _key: 'circleci_job:44444444-aaaa-4bbb-8ccc-000000000004',
    ...typed('circleci_job', ['Task'], job),
    id: job.id,
    name: 'hold-for-prod',
    displayName: 'hold-for-prod',
    workflowId: workflow.id,
    jobNumber: undefined,
    projectSlug: 'gh/acme/api',
    status: 'success',
    type: 'approval',
    approval: true,
    approvedBy: job.approved_by,
    approvalRequestId: job.approval_request_id,
    canceledBy: undefined,
    dependencies: job.dependencies,
    startedOn: undefined,
    stoppedOn: undefined,
  });
});

test('readRunActivity: a workflow names who started it, an approval job who approved it', () => {
  const approver = '33333333-aaaa-4bbb-8ccc-000000000003';
  const canceler = '77777777-aaaa-4bbb-8ccc-000000000007';
  const started = createWorkflowEntity({ ...workflow, canceled_by: canceler });
  expect(readRunActivity(started)).toEqual({
    key: 'circleci_workflow:22222222-aaaa-4bbb-8ccc-000000000002',
    projectSlug: 'gh/acme/api',
    actedBy: workflow.started_by,
    canceledBy: canceler,
    approval: false,
  });
  const base: CircleCIJob = {
    id: '88888888-aaaa-4bbb-8ccc-000000000008',
    name: 'hold',
    project_slug: 'gh/acme/api',
    status: 'success',
    type: 'approval',
    dependencies: [],
    started_at: null,
    approved_by: approver,
  };
  const hold = createJobEntity(base, { id: workflow.id });
  expect(readRunActivity(hold)).toMatchObject({
    actedBy: approver,
    approval: true,
  });
  // A build job is no approval, even with an approver id on it.
  const build = createJobEntity(
    { ...base, type: 'build' },
    { id: workflow.id },
  );
  expect(readRunActivity(build)).toMatchObject({
    actedBy: approver,
    approval: false,
  });
});

describe('real payload shapes', () => {
  test('an errored pipeline: no vcs, epoch received_at and empty login are absent; any trigger type is kept', () => {
    const errored: CircleCIPipeline = {
      id: '11111111-aaaa-4bbb-8ccc-000000000009',
      errors: [
        { type: 'config', message: 'Config does not conform to schema' },
      ],
      project_slug: 'circleci/0a1b2c3d/9f8e7d6c',
      number: 3,
      state: 'errored',
      created_at: '2026-10-30T10:00:00Z',
      trigger: {
        type: 'Decoupled Ingestion System',
        received_at: '1970-01-01T00:00:00.000Z',
        actor: { login: '', avatar_url: null },
      },
    };
    const entity = createPipelineEntity(errored);
    expect(entity).toMatchObject({
      triggerType: 'Decoupled Ingestion System',
      state: 'errored',
      errorTypes: ['config'],
      createdOn: Date.parse('2026-10-30T10:00:00Z'),
      webLink:
        'https://app.circleci.com/pipelines/circleci/0a1b2c3d/9f8e7d6c/3',
    });
    for (const absent of [
      'triggerReceivedOn',
      'triggerActorLogin',
      'vcsRevision',
      'vcsProvider',
      'vcsTargetRepositoryUrl',
    ]) {
      expect(entity[absent]).toBeUndefined();
    }
  });

  test('a pipeline without errors or trigger (fields the spec requires) still converts', () => {
    const bare = { ...pipeline } as Partial<CircleCIPipeline>;
    delete bare.errors;
    delete bare.trigger;
    const entity = createPipelineEntity(bare as CircleCIPipeline);
    expect(entity.errorTypes).toEqual([]);
    expect(entity.triggerType).toBeUndefined();
  });

  test('a job created_at is mapped to createdOn', () => {
    const job: CircleCIJob = {
      ...approvalGate,
      created_at: '2026-10-30T10:01:00Z',
      started_at: '2026-10-30T10:02:00Z',
    };
    expect(createJobEntity(job, { id: 'w-1' })).toMatchObject({
      createdOn: Date.parse('2026-10-30T10:01:00Z'),
      startedOn: Date.parse('2026-10-30T10:02:00Z'),
    });
  });
});
