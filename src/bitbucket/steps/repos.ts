import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { checkScope } from '../auth/scopeCheck';
import { ADMIN_SCOPE } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import {
  BitbucketRepository,
  workspaceRepositories,
} from '../client/responses/repositories';
import { createRepoEntity, RepoWorkspace } from '../converters/repo';
import { BitbucketSteps } from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  forEachLimited,
  StepContext,
  StepHandlers,
} from '../../steps';
import {
  forEachWorkspace,
  parentGapsMessage,
  REPOSITORIES,
  withRequestLog,
} from './common';

/**
 * `pipelinesEnabled` of each repository, from
 * GET .../pipelines_config (the only source: the repository object does not
 * say). It needs repository admin rights (`repository:admin`); without
 * them the property is left out (unknown), never false. A credential
 * without the scope makes no such request (the permissions step already
 * warns about the missing scope); a repository answering 403/404 is named
 * in one warning.
 */
class PipelinesConfigReader {
  private readonly gaps: AccessGaps;

  constructor(
    context: StepContext,
    private readonly run: BitbucketRunClient,
    private readonly able: boolean,
  ) {
    this.gaps = new AccessGaps(context, 'Pipelines configuration');
  }

  static async create(
    context: StepContext,
    run: BitbucketRunClient,
  ): Promise<PipelinesConfigReader> {
    const scope = await checkScope(run.authenticator, ADMIN_SCOPE);
    return new PipelinesConfigReader(context, run, !scope.noneCan);
  }

  async enabled(
    workspace: RepoWorkspace,
    repo: BitbucketRepository,
  ): Promise<boolean | undefined> {
    if (!this.able) return undefined;
    let enabled: boolean | undefined;
    await this.gaps.attempt(
      `Bitbucket repository '${repo.full_name ?? repo.uuid}'`,
      async () => {
        const config = await this.run.client.getPipelinesConfig(
          workspace.slug,
          repo.uuid,
        );
        enabled = config.enabled;
      },
    );
    return enabled;
  }

  publish(): void {
    this.gaps.publish((found) =>
      parentGapsMessage(
        {
          ...REPOSITORIES,
          others: 'Those repositories are collected without pipelinesEnabled;',
        },
        {
          what: 'Pipelines configuration',
          hint: 'reading it needs repository admin rights on them (OAuth scope repository:admin).',
        },
        found,
      ),
    );
  }
}

/**
 * Repositories of every workspace; the workspace OWNS each. Each one's
 * Pipelines configuration is read as it is listed (bounded by the
 * concurrency), so `pipelinesEnabled` is on the entity from the start.
 */
export function fetchRepos(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.REPOS.id, async (run) => {
    const pipelines = await PipelinesConfigReader.create(context, run);
    await forEachWorkspace(context, 'repositories', (workspace, entity) =>
      forEachLimited(
        run.client.list(workspaceRepositories, [workspace.slug]),
        run.config.concurrency,
        async (repo) => {
          const pipelinesEnabled = await pipelines.enabled(workspace, repo);
          await addChildOnce(
            context.jobState,
            entity,
            createRepoEntity(workspace, repo, { pipelinesEnabled }),
            RelationshipClass.OWNS,
          );
        },
      ),
    );
    pipelines.publish();
  });
}

export const repoHandlers = {
  REPOS: fetchRepos,
} satisfies StepHandlers<typeof BitbucketSteps>;
