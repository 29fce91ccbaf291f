import {
  DisabledStepReason,
  IntegrationIngestionConfigFieldMap,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { ParsedConfig } from '../config';
import { CROSS_VENDOR_INGESTION_SOURCE, CrossVendorSteps } from './metadata';

import { crossVendorSteps as linkSteps } from './steps';
import { sharedKeySteps } from './sharedKeys';

/** Every cross-vendor step (new link families live in their own files). */
export const crossVendorSteps = [...linkSteps, ...sharedKeySteps];

export const crossVendorIngestionSources: IntegrationIngestionConfigFieldMap = {
  [CROSS_VENDOR_INGESTION_SOURCE]: {
    title: 'Links between CircleCI and Bitbucket',
    description:
      'CircleCI projects to the repositories they build, pipelines to the pull requests whose commits they built, CircleCI users to their Bitbucket accounts, and CircleCI checkout keys to the Bitbucket deploy keys with the same public key.',
    defaultsToDisabled: false,
  },
};

/**
 * Which linking steps can run: the direct links need both vendors (and the
 * pipeline links need pull requests); with CircleCI alone, projects map to
 * CodeRepo entities of other integrations instead. The SDK skips a step
 * whose dependency is disabled, hence one step per combination.
 */
export function crossVendorStepStartStates(
  parsed: ParsedConfig,
): StepStartStates {
  const state = (enabled: boolean) =>
    enabled
      ? { disabled: false }
      : { disabled: true, disabledReason: DisabledStepReason.CONFIG };
  const both = Boolean(parsed.circleci && parsed.bitbucket);
  return {
    [CrossVendorSteps.PROJECT_REPO.id]: state(both),
    [CrossVendorSteps.PROJECT_CODE_REPO_MAPPING.id]: state(
      Boolean(parsed.circleci && !parsed.bitbucket),
    ),
    [CrossVendorSteps.PIPELINE_PULL_REQUEST.id]: state(
      both && Boolean(parsed.bitbucket?.ingestPullRequests),
    ),
    [CrossVendorSteps.USER_USER.id]: state(both),
    [CrossVendorSteps.CHECKOUT_KEY_DEPLOY_KEY.id]: state(both),
  };
}
