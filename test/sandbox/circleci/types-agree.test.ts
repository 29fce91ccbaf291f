import type {
  CircleCICollaboration,
  CircleCIUser,
} from '../../../src/circleci/client/responses/accounts';
import type {
  CircleCIContext,
  CircleCIContextEnvironmentVariable,
  CircleCIContextRestriction,
} from '../../../src/circleci/client/responses/contexts';
import type {
  CircleCIOidcCustomClaims,
  CircleCIUrlOrbAllowListEntry,
} from '../../../src/circleci/client/responses/controls';
import type {
  CircleCIComponentVersion,
  CircleCIDeployComponent,
  CircleCIDeployEnvironment,
} from '../../../src/circleci/client/responses/deploys';
import type {
  CircleCIJob,
  CircleCIPipeline,
  CircleCIWorkflow,
} from '../../../src/circleci/client/responses/pipelines';
import type {
  CircleCICheckoutKey,
  CircleCIProjectEnvironmentVariable,
  CircleCIProjectSettings,
  CircleCISchedule,
  CircleCIWebhook,
} from '../../../src/circleci/client/responses/projectSettings';
import type { CircleCIProject } from '../../../src/circleci/client/responses/projects';
import type * as Sandbox from './types';
import type * as SandboxCheckoutKeys from './listings/checkout-keys';
import type * as SandboxEnvVars from './listings/project-env-vars';
import type * as SandboxSchedules from './listings/schedules';
import type * as SandboxWebhooks from './listings/webhooks';

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
  user: true as Serves<Sandbox.CircleCIUser, CircleCIUser>,
  collaboration: true as Serves<
    Sandbox.CircleCICollaboration,
    CircleCICollaboration
  >,
  project: true as Serves<Sandbox.CircleCIProject, CircleCIProject>,
  projectSettings: true as Serves<
    Sandbox.CircleCIProjectSettings,
    CircleCIProjectSettings
  >,
  projectEnvVar: true as Serves<
    SandboxEnvVars.CircleCIProjectEnvVar,
    CircleCIProjectEnvironmentVariable
  >,
  checkoutKey: true as Serves<
    SandboxCheckoutKeys.CircleCICheckoutKey,
    CircleCICheckoutKey
  >,
  webhook: true as Serves<SandboxWebhooks.CircleCIWebhook, CircleCIWebhook>,
  schedule: true as Serves<SandboxSchedules.CircleCISchedule, CircleCISchedule>,
  oidcClaims: true as Serves<
    Sandbox.CircleCIOidcClaims,
    CircleCIOidcCustomClaims
  >,
  urlOrbAllowListEntry: true as Serves<
    Sandbox.CircleCIUrlOrbAllowListEntry,
    CircleCIUrlOrbAllowListEntry
  >,
  pipeline: true as Serves<Sandbox.CircleCIPipeline, CircleCIPipeline>,
  workflow: true as Serves<Sandbox.CircleCIWorkflow, CircleCIWorkflow>,
  job: true as Serves<Sandbox.CircleCIJob, CircleCIJob>,
  context: true as Serves<Sandbox.CircleCIContext, CircleCIContext>,
  contextEnvVar: true as Serves<
    Sandbox.CircleCIContextEnvVar,
    CircleCIContextEnvironmentVariable
  >,
  contextRestriction: true as Serves<
    Sandbox.CircleCIContextRestriction,
    CircleCIContextRestriction
  >,
  deployEnvironment: true as Serves<
    Sandbox.CircleCIDeployEnvironment,
    CircleCIDeployEnvironment
  >,
  deployComponent: true as Serves<
    Sandbox.CircleCIDeployComponent,
    CircleCIDeployComponent
  >,
  componentVersion: true as Serves<
    Sandbox.CircleCIComponentVersion,
    CircleCIComponentVersion
  >,
};

test('every CircleCI answer type the sandbox serves is one the client reads', () => {
  expect(Object.keys(agreements)).toHaveLength(19);
});
