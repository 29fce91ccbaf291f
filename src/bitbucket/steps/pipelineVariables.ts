import { PIPELINE_SCOPE } from '../auth/scopes';
import {
  EnvironmentLocation,
  readEnvironmentLocation,
} from '../converters/environment';
import { createPipelineVariableEntity } from '../converters/pipelineVariable';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import { StepContext, StepHandlers } from '../../steps';
import {
  addChildrenOf,
  BitbucketParents,
  REPOSITORIES,
  withRequestLog,
  WORKSPACES,
} from './common';

/** Pipelines variables of every repository; repo HAS each. */
export function fetchRepoPipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.REPO_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, REPOSITORIES, {
      // The workspace step warns once for every kind of variable.
      needs: { scope: PIPELINE_SCOPE },
      what: 'Pipelines variables',
      hint: `Reading Pipelines variables needs repository admin rights on those repositories and the ${PIPELINE_SCOPE} scope.`,
      list: (repo) =>
        run.client.listRepoPipelineVariables(repo.workspaceSlug, repo.uuid),
      convert: (repo, variable) =>
        createPipelineVariableEntity(
          {
            kind: 'repository',
            uuid: repo.uuid,
            name: repo.fullName,
            workspaceSlug: repo.workspaceSlug,
            repoUuid: repo.uuid,
            repoFullName: repo.fullName,
          },
          variable,
        ),
    }),
  );
}

/** Pipelines variables of every workspace; workspace HAS each. */
export function fetchWorkspacePipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.WORKSPACE_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, WORKSPACES, {
      needs: {
        scope: PIPELINE_SCOPE,
        for: 'reading the Pipelines variables of repositories, workspaces and deployment environments',
      },
      what: 'Pipelines variables',
      hint: `Workspace variables can be read by workspace admins only (and need the ${PIPELINE_SCOPE} scope).`,
      list: (workspace) =>
        run.client.listWorkspacePipelineVariables(workspace.slug),
      convert: (workspace, variable) =>
        createPipelineVariableEntity(
          {
            kind: 'workspace',
            uuid: workspace.uuid,
            name: workspace.slug,
            workspaceSlug: workspace.slug,
          },
          variable,
        ),
    }),
  );
}

/** Collected deployment environments, addressed below their repository. */
const ENVIRONMENTS: BitbucketParents<EnvironmentLocation> = {
  type: BitbucketEntities.ENVIRONMENT._type,
  read: readEnvironmentLocation,
  name: (env) => `Bitbucket environment '${env.repoFullName}/${env.name}'`,
  noun: 'environment',
  counted: 'Bitbucket deployment environment(s)',
  others: 'Those were skipped and every other environment is still collected.',
};

/**
 * Pipelines variables of every collected deployment environment;
 * environment HAS each. One request per environment: the environments
 * step already knows which exist.
 */
export function fetchEnvironmentPipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.ENVIRONMENT_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, ENVIRONMENTS, {
      // The workspace step warns once for every kind of variable.
      needs: { scope: PIPELINE_SCOPE },
      what: 'Pipelines variables',
      hint: `Reading the variables of a deployment environment needs repository admin rights on its repository and the ${PIPELINE_SCOPE} scope.`,
      list: (env) =>
        run.client.listEnvironmentPipelineVariables(
          env.workspaceSlug,
          env.repoUuid,
          env.uuid,
        ),
      convert: (env, variable) =>
        createPipelineVariableEntity(
          {
            kind: 'environment',
            uuid: env.uuid,
            name: `${env.repoFullName}/${env.name}`,
            workspaceSlug: env.workspaceSlug,
            repoUuid: env.repoUuid,
            repoFullName: env.repoFullName,
            environmentName: env.name,
          },
          variable,
        ),
    }),
  );
}

export const pipelineVariableHandlers = {
  REPO_PIPELINE_VARIABLES: fetchRepoPipelineVariables,
  WORKSPACE_PIPELINE_VARIABLES: fetchWorkspacePipelineVariables,
  ENVIRONMENT_PIPELINE_VARIABLES: fetchEnvironmentPipelineVariables,
} satisfies StepHandlers<typeof BitbucketSteps>;
