import {
  createComponentEntity,
  createDeployEntity,
  createEnvironmentEntity,
  createMappedRunPerformedDeploy,
  isProductionEnvironment,
  readComponentRef,
  readEnvironmentRef,
} from './deploy';

describe('isProductionEnvironment', () => {
  test.each([
    ['production', [], true],
    ['prod-eu', [], true],
    ['eu-prd', [], true],
    ['Live', [], true],
    ['preprod', [], false],
    ['pre-prod', [], false],
    ['non-prod', [], false],
    ['staging', [], false],
    ['productivity', [], false],
    // a tier label decides over the name
    ['blue', [{ key: 'env', value: 'prod' }], true],
    ['production', [{ key: 'tier', value: 'staging' }], false],
    ['staging', [{ key: 'owner', value: 'prod' }], false],
  ])('%s with labels %j -> %s', (name, labels, expected) => {
    expect(isProductionEnvironment({ name, labels })).toBe(expected);
  });
});

const ORG = { id: 'org-1' };

test('environment and component entities keep labels as key=value strings', () => {
  const env = createEnvironmentEntity(
    {
      id: 'env-1',
      name: 'production',
      labels: [
        { key: 'env', value: 'prod' },
        { value: 'no key' },
        { key: 'team' },
      ],
      created_at: '2026-10-01T00:00:00Z',
    },
    ORG,
  );
  expect(env).toMatchObject({
    _key: 'circleci_environment:env-1',
    _class: ['Configuration'],
    labels: ['env=prod', 'team='],
    production: true,
    organizationId: 'org-1',
    createdOn: Date.parse('2026-10-01T00:00:00Z'),
  });
  expect(readEnvironmentRef(env)).toEqual({
    key: env._key,
    name: 'production',
    production: true,
  });
  // No name: the id stands in.
  const component = createComponentEntity(
    { id: 'c-1', project_id: 'p-1' },
    ORG,
  );
  expect(component).toMatchObject({
    _class: ['Application'],
    name: 'c-1',
    projectId: 'p-1',
    labels: [],
  });
  expect(readComponentRef(component)).toEqual({
    key: 'circleci_component:c-1',
    id: 'c-1',
    name: 'c-1',
    projectId: 'p-1',
  });
});

describe('createDeployEntity', () => {
  const version = {
    name: '1.4.0',
    environment_id: 'env-1',
    namespace: 'default',
    is_live: true,
    pipeline_id: 'pl-1',
    workflow_id: 'wf-1',
    job_id: 'job-1',
    job_number: 42,
    last_deployed_at: '2026-11-01T10:00:00Z',
  };

  test('one version in one environment, with the run and the review evidence', () => {
    const deploy = createDeployEntity(version, {
      component: { id: 'c-1', name: 'api', projectId: 'p-1' },
      environment: { name: 'production', production: true },
      run: {
        commitSha: 'a'.repeat(40),
        repositoryFullName: 'acme/api',
        projectSlug: 'bb/acme/api',
        pipelineNumber: 7,
        triggerActorLogin: 'alice',
        inWindow: true,
      },
      review: {
        changeReview: 'approved',
        pullRequestKey: 'pr-1',
        pullRequestKeys: ['pr-1'],
      },
    });
    expect(deploy).toMatchObject({
      _key: 'circleci_deploy:c-1:env-1:default:1.4.0',
      _class: ['Deployment'],
      displayName: 'api 1.4.0 in production',
      version: '1.4.0',
      namespace: 'default',
      isLive: true,
      lastDeployedOn: Date.parse('2026-11-01T10:00:00Z'),
      production: true,
      commitSha: 'a'.repeat(40),
      changeReview: 'approved',
      pullRequestKey: 'pr-1',
      pipelineInWindow: true,
      jobNumber: 42,
      webLink:
        'https://app.circleci.com/pipelines/bb/acme/api/7/workflows/wf-1/jobs/42',
    });
  });

  test('the same version in another environment or namespace is another deploy', () => {
    const context = {
      component: { id: 'c-1' },
      review: { changeReview: 'unknown' as const },
    };
    const keys = [
      createDeployEntity(version, context),
      createDeployEntity({ ...version, environment_id: 'env-2' }, context),
      createDeployEntity({ ...version, namespace: 'eu' }, context),
    ].map((d) => d._key);
    expect(new Set(keys).size).toBe(3);
  });

  test('unknown run: no commit, no link, not live unless the API says so', () => {
    const deploy = createDeployEntity(
      { name: '0.1.0' },
      { component: { id: 'c-1' }, review: { changeReview: 'unknown' } },
    );
    expect(deploy).toMatchObject({
      isLive: false,
      production: false,
      pipelineInWindow: false,
      changeReview: 'unknown',
    });
    expect(deploy.commitSha).toBeUndefined();
    expect(deploy.webLink).toBeUndefined();
  });
});

test('a run outside the window: the PERFORMED relationship is mapped by key, pointing at the deploy, with no placeholder', () => {
  const deploy = { _key: 'circleci_deploy:x', _type: 'circleci_deploy' };
  const rel = createMappedRunPerformedDeploy(
    { _key: 'circleci_pipeline:old', _type: 'circleci_pipeline' },
    deploy as never,
  );
  expect(rel).toMatchObject({
    _class: 'PERFORMED',
    _type: 'circleci_pipeline_performed_deploy',
    _mapping: {
      relationshipDirection: 'REVERSE',
      sourceEntityKey: 'circleci_deploy:x',
      targetFilterKeys: [['_type', '_key']],
      targetEntity: {
        _type: 'circleci_pipeline',
        _key: 'circleci_pipeline:old',
      },
      skipTargetCreation: true,
    },
  });
});
