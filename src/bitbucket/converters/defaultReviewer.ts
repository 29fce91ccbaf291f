import {
  createDirectRelationship,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { BitbucketDefaultReviewer } from '../client/responses/repoSettings';
import { BitbucketEntities } from '../metadata';

/**
 * repo ASSIGNED user for an effective default reviewer: Bitbucket adds the
 * user as a reviewer to every new pull request of the repository.
 * `reviewerType` says where it was configured (`project` or `repository`).
 */
export function createDefaultReviewerRelationship(
  repoUuid: string,
  reviewer: BitbucketDefaultReviewer & { user: { uuid: string } },
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.ASSIGNED,
    fromKey: repoUuid,
    fromType: BitbucketEntities.REPO._type,
    toKey: reviewer.user.uuid,
    toType: BitbucketEntities.USER._type,
    properties: {
      defaultReviewer: true,
      reviewerType: reviewer.reviewer_type,
    },
  });
}
