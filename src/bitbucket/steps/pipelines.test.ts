import { countTypes, useStepRecording } from '../../../test/stepTest';
import { BitbucketSteps } from '../metadata';

/**
 * Step tests of Bitbucket Pipelines: Polly replays recordings of the demo
 * sandbox made with a page size cap of 2 (test/stepTest.ts), so web-app's
 * three environments are read over two pages, and my-service's runs show
 * the listing stopping at the window (test/sandbox/bitbucket/demo-pipelines.ts).
 */
const steps = useStepRecording(__dirname, 'bitbucket');

describe(BitbucketSteps.PIPELINES.id, () => {
  test('runs of the window, newest first, the listing stops at the first older run', async () => {
    const result = await steps.collect(BitbucketSteps.PIPELINES.id);
    expect(result.collectedEntities).toMatchGraphObjectSchema({
      _class: ['Workflow'],
    });
    expect(result.collectedEntities.map((e) => e.displayName).sort()).toEqual([
      'My Service #8',
      'api-gateway #16',
      'api-gateway #17',
      'web-app #40',
      'web-app #41',
    ]);
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_repo_has_pipeline: 5,
    });
    const listings = steps.requestsTo(/\/pipelines$/);
    // One first page per repository, each sorted newest first at the
    // largest page size; my-service's first page (#8, #2) already holds
    // a run older than the window, so its second page (#1) is never asked.
    expect(listings).toHaveLength(8);
    expect(listings.every((path) => /sort=-created_on/.test(path))).toBe(true);
    expect(listings.filter((path) => /[?&]page=2/.test(path))).toEqual([]);
  });
});

describe(BitbucketSteps.ENVIRONMENTS.id, () => {
  test('environments with type, production and the admin-only restriction', async () => {
    const result = await steps.collect(BitbucketSteps.ENVIRONMENTS.id);
    expect(result.collectedEntities).toHaveLength(6);
    expect(result.collectedEntities).toMatchGraphObjectSchema({
      _class: ['Configuration'],
    });
    expect(
      result.collectedEntities
        .filter((e) => e.production === true && e.adminOnly === false)
        .map((e) => e.displayName),
    ).toEqual(['api-gateway/Production']);
    // web-app's three environments take two pages of 2.
    expect(
      steps
        .requestsTo(/\/environments$/)
        .filter((path) => /[?&]page=2/.test(path)),
    ).toHaveLength(1);
  });
});

describe(BitbucketSteps.DEPLOYMENTS.id, () => {
  test('deployments linked to environment, pipeline and pull request; only repositories with environments are asked', async () => {
    const result = await steps.collect(BitbucketSteps.DEPLOYMENTS.id);
    expect(result.collectedEntities).toMatchGraphObjectSchema({
      _class: ['Deployment'],
    });
    expect(
      result.collectedEntities
        .map((e) => `${e.displayName} ${e.changeReview}`)
        .sort(),
    ).toEqual([
      'My Service Production #3 approved',
      'api-gateway Production #4 no-pull-request',
      'api-gateway Production #5 not-approved',
      'web-app Production #2 approved',
      'web-app Staging #1 approved',
    ]);
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_deployment_deployed_pull_request: 4,
      bitbucket_environment_has_deployment: 5,
      bitbucket_pipeline_performed_deployment: 5,
    });
    expect(steps.requestsTo(/\/deployments$/)).toHaveLength(3);
  });
});
