import {
  DisabledStepReason,
  IntegrationExecutionContext,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { bitbucketPullRequestStepIds, bitbucketSteps } from './bitbucket';
import { circleciSteps } from './circleci';
import { IntegrationConfig, parseConfig } from './config';
import { crossVendorStepStartStates } from './crossvendor';
import { circleciDeployStepStartStates } from './crossvendor/circleciDeploys';

/**
 * Disables every step of a vendor that is not configured, and the Bitbucket
 * pull-request steps when bitbucketIngestPullRequests is false; the
 * cross-vendor links run only for the vendor combination they serve, and
 * CircleCI deploys are collected by the step that links them to pull
 * requests when those are collected, by the plain one otherwise. Ingestion
 * sources the user switched off are applied on top of this by the SDK
 * runtime (instance.disabledSources).
 */
export function getStepStartStates(
  context: IntegrationExecutionContext<IntegrationConfig>,
): StepStartStates {
  const parsed = parseConfig(context.instance.config);
  const { circleci, bitbucket } = parsed;
  const states: StepStartStates = crossVendorStepStartStates(parsed);
  for (const step of circleciSteps) {
    states[step.id] = circleci
      ? { disabled: false }
      : { disabled: true, disabledReason: DisabledStepReason.CONFIG };
  }
  for (const step of bitbucketSteps) {
    const pullRequestStep = bitbucketPullRequestStepIds.includes(step.id);
    const enabled =
      bitbucket !== undefined &&
      (!pullRequestStep || bitbucket.ingestPullRequests);
    states[step.id] = enabled
      ? { disabled: false }
      : { disabled: true, disabledReason: DisabledStepReason.CONFIG };
  }
  // One of the two CircleCI deploy steps, by whether PRs are collected.
  Object.assign(
    states,
    circleciDeployStepStartStates(
      parsed,
      (context.instance.disabledSources ?? []).map((s) => s.ingestionSourceId),
    ),
  );
  return states;
}
