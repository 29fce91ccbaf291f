import type * as Client from '../../../src/circleci/client/types';
import type * as Sandbox from './types';

/**
 * The sandbox declares the CircleCI answers it serves (its own records,
 * with fields the simulator needs); the client declares what it reads.
 * Every answer the sandbox serves must be one the client's type accepts,
 * or the step tests and the demo would exercise a shape the client was
 * not written for. `tsc --noEmit` (npm test) fails on any `false` here,
 * naming the pair; the jest test only lists the pairs that are checked.
 */
type Serves<Answer, Read> = [Answer] extends [Read] ? true : false;

const agreements: Record<string, true> = {
  user: true as Serves<Sandbox.CircleCIUser, Client.CircleCIUser>,
  collaboration: true as Serves<
    Sandbox.CircleCICollaboration,
    Client.CircleCICollaboration
  >,
  project: true as Serves<Sandbox.CircleCIProject, Client.CircleCIProject>,
  projectSettings: true as Serves<
    Sandbox.CircleCIProjectSettings,
    Client.CircleCIProjectSettings
  >,
  projectEnvVar: true as Serves<
    Sandbox.CircleCIProjectEnvVar,
    Client.CircleCIProjectEnvironmentVariable
  >,
  checkoutKey: true as Serves<
    Sandbox.CircleCICheckoutKey,
    Client.CircleCICheckoutKey
  >,
  webhook: true as Serves<Sandbox.CircleCIWebhook, Client.CircleCIWebhook>,
  schedule: true as Serves<Sandbox.CircleCISchedule, Client.CircleCISchedule>,
  oidcClaims: true as Serves<
    Sandbox.CircleCIOidcClaims,
    Client.CircleCIOidcCustomClaims
  >,
  urlOrbAllowListEntry: true as Serves<
    Sandbox.CircleCIUrlOrbAllowListEntry,
    Client.CircleCIUrlOrbAllowListEntry
  >,
  pipeline: true as Serves<Sandbox.CircleCIPipeline, Client.CircleCIPipeline>,
  workflow: true as Serves<Sandbox.CircleCIWorkflow, Client.CircleCIWorkflow>,
  job: true as Serves<Sandbox.CircleCIJob, Client.CircleCIJob>,
  context: true as Serves<Sandbox.CircleCIContext, Client.CircleCIContext>,
  contextEnvVar: true as Serves<
    Sandbox.CircleCIContextEnvVar,
    Client.CircleCIContextEnvironmentVariable
  >,
  contextRestriction: true as Serves<
    Sandbox.CircleCIContextRestriction,
    Client.CircleCIContextRestriction
  >,
  deployEnvironment: true as Serves<
    Sandbox.CircleCIDeployEnvironment,
    Client.CircleCIDeployEnvironment
  >,
  deployComponent: true as Serves<
    Sandbox.CircleCIDeployComponent,
    Client.CircleCIDeployComponent
  >,
  componentVersion: true as Serves<
    Sandbox.CircleCIComponentVersion,
    Client.CircleCIComponentVersion
  >,
};

test('every CircleCI answer type the sandbox serves is one the client reads', () => {
  expect(Object.keys(agreements)).toHaveLength(19);
});
