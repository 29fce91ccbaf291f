import {
  RelationshipClass,
  RelationshipDirection,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const CrossVendorSteps = {
  PROJECT_REPO: {
    id: 'cross-vendor-link-projects-to-repos',
    name: 'Link CircleCI Projects to Bitbucket Repositories',
  },
  PROJECT_CODE_REPO_MAPPING: {
    id: 'cross-vendor-map-projects-to-code-repos',
    name: 'Map CircleCI Projects to Code Repositories',
  },
  PIPELINE_PULL_REQUEST: {
    id: 'cross-vendor-link-pipelines-to-pull-requests',
    name: 'Link CircleCI Pipelines to Bitbucket Pull Requests',
  },
  USER_USER: {
    id: 'cross-vendor-link-users',
    name: 'Link CircleCI Users to Bitbucket Users',
  },
  CHECKOUT_KEY_DEPLOY_KEY: {
    id: 'cross-vendor-link-checkout-keys-to-deploy-keys',
    name: 'Link CircleCI Checkout Keys to Bitbucket Deploy Keys',
  },
} as const;

export const CROSS_VENDOR_INGESTION_SOURCE = 'cross-vendor-links';

export const CrossVendorRelationships = {
  /**
   * IS: a CircleCI project is CircleCI's record of the very repository it
   * builds (CircleCI keys projects by the VCS slug `bb/<workspace>/<repo>`),
   * the same "one thing seen by two systems" meaning as user IS Person.
   */
  PROJECT_IS_REPO: {
    _type: 'circleci_project_is_bitbucket_repo',
    sourceType: 'circleci_project',
    _class: RelationshipClass.IS,
    targetType: 'bitbucket_repo',
  },
  /**
   * EVALUATES: the pipeline built and tested the pull request's code, either
   * its merge commit (what the PR put on the branch) or its source head.
   * Partial like the pull requests themselves: a run sees only the PRs
   * updated in its window, so links to older PRs must not be deleted.
   */
  PIPELINE_EVALUATES_PULL_REQUEST: {
    _type: 'circleci_pipeline_evaluates_bitbucket_pull_request',
    sourceType: 'circleci_pipeline',
    _class: RelationshipClass.EVALUATES,
    targetType: 'bitbucket_pull_request',
    partial: true,
  },
  /** IS: the same person's CircleCI identity is their Bitbucket account. */
  USER_IS_USER: {
    _type: 'circleci_user_is_bitbucket_user',
    sourceType: 'circleci_user',
    _class: RelationshipClass.IS,
    targetType: 'bitbucket_user',
  },
  /**
   * IS: the same public key is the same key pair, one credential registered
   * with both vendors (joined on fingerprintSha256, src/crossvendor/
   * sharedKeys.ts).
   */
  CHECKOUT_KEY_IS_DEPLOY_KEY: {
    _type: 'circleci_checkout_key_is_bitbucket_deploy_key',
    sourceType: 'circleci_checkout_key',
    _class: RelationshipClass.IS,
    targetType: 'bitbucket_deploy_key',
  },
} satisfies Record<string, StepRelationshipMetadata>;

/**
 * For repositories ingested by another integration (GitHub, or Bitbucket in
 * another instance), the platform resolves the project to any CodeRepo whose
 * `webLink` equals the project's VCS URL; no placeholder repo is created.
 */
export const CrossVendorMappedRelationships = {
  PROJECT_IS_CODE_REPO: {
    _type: 'circleci_project_is_code_repo',
    sourceType: 'circleci_project',
    _class: RelationshipClass.IS,
    targetType: 'code_repo',
    direction: RelationshipDirection.FORWARD,
  },
} satisfies Record<string, StepMappedRelationshipMetadata>;
