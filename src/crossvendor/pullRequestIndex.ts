import { Entity, JobState } from '@jupiterone/integration-sdk-core';
import { readPullRequestRef } from '../bitbucket/converters/pullRequest';
import { BitbucketEntities } from '../bitbucket/metadata';
import { PullRequestCommitIndex } from './match';

/**
 * Every collected pull request, indexed by repository and commit for the
 * steps that match pipelines and deploys to the change they built; `visit`
 * sees each pull request entity as it is read (one pass over the job state).
 */
export async function indexPullRequestCommits(
  jobState: JobState,
  visit?: (entity: Entity, key: string) => void,
): Promise<PullRequestCommitIndex> {
  const index = new PullRequestCommitIndex();
  await jobState.iterateEntities(
    { _type: BitbucketEntities.PULL_REQUEST._type },
    (entity) => {
      const pr = readPullRequestRef(entity);
      visit?.(entity, pr.key);
      if (!pr.repositoryFullName) return;
      index.add({
        key: pr.key,
        repositoryFullName: pr.repositoryFullName.toLowerCase(),
        mergeCommit: pr.mergeCommit,
        sourceCommit: pr.sourceCommit,
      });
    },
  );
  return index;
}
