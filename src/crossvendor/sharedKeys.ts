import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { DeployKeyProperties } from '../bitbucket/converters/deployKey';
import { BitbucketEntities, BitbucketSteps } from '../bitbucket/metadata';
import { readCheckoutKeyFingerprintSha256 } from '../circleci/converters/checkoutKey';
import { CircleCIEntities, CircleCISteps } from '../circleci/metadata';
import { IntegrationConfig } from '../config';
import { declareStep, relateOnce, StepContext, stringProperty } from '../steps';
import {
  CROSS_VENDOR_INGESTION_SOURCE,
  CrossVendorRelationships,
  CrossVendorSteps,
} from './metadata';

/**
 * circleci_checkout_key IS bitbucket_deploy_key when both carry the same
 * `fingerprintSha256` (src/crossvendor/publicKeys.ts): the same public key
 * means the same key pair, so CircleCI checks out with exactly the access
 * that Bitbucket deploy key grants (and revoking one revokes both). A key
 * whose public key could not be parsed has no fingerprintSha256 and links
 * nothing. One public key may be a deploy key of several repositories or
 * projects: each is linked.
 */
export async function linkCheckoutKeysToDeployKeys({
  jobState,
  logger,
}: StepContext) {
  const deployKeysByFingerprint = new Map<string, string[]>();
  await jobState.iterateEntities(
    { _type: BitbucketEntities.DEPLOY_KEY._type },
    (key) => {
      const fingerprint = stringProperty(
        key,
        DeployKeyProperties.fingerprintSha256,
      );
      if (!fingerprint) return;
      deployKeysByFingerprint.set(fingerprint, [
        ...(deployKeysByFingerprint.get(fingerprint) ?? []),
        key._key,
      ]);
    },
  );
  let linked = 0;
  await jobState.iterateEntities(
    { _type: CircleCIEntities.CHECKOUT_KEY._type },
    async (checkoutKey) => {
      const fingerprint = readCheckoutKeyFingerprintSha256(checkoutKey);
      for (const deployKeyKey of (fingerprint &&
        deployKeysByFingerprint.get(fingerprint)) ||
        []) {
        const deployKey = {
          _key: deployKeyKey,
          _type: BitbucketEntities.DEPLOY_KEY._type,
        };
        if (
          await relateOnce(
            jobState,
            checkoutKey,
            RelationshipClass.IS,
            deployKey,
            {
              fingerprintSha256: fingerprint,
            },
          )
        ) {
          linked++;
        }
      }
    },
  );
  logger.info(
    { linked },
    'Linked CircleCI checkout keys to the Bitbucket deploy keys with the same public key',
  );
}

export const sharedKeySteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(
    CrossVendorSteps.CHECKOUT_KEY_DEPLOY_KEY,
    linkCheckoutKeysToDeployKeys,
    {
      writes: [CrossVendorRelationships.CHECKOUT_KEY_IS_DEPLOY_KEY],
      after: [
        CircleCISteps.CHECKOUT_KEYS,
        BitbucketSteps.REPO_DEPLOY_KEYS,
        BitbucketSteps.PROJECT_DEPLOY_KEYS,
      ],
      source: CROSS_VENDOR_INGESTION_SOURCE,
    },
  ),
];
