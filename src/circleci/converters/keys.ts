/**
 * Entity keys. CircleCI ids are UUIDs and unique across the service; names of
 * environment variables are unique only inside their project or context, so
 * those keys are scoped by the parent id (docs/prior-art.md §5.1 bug 3).
 */
export const circleciKeys = {
  account: (userId: string) => `circleci_account:${userId}`,
  user: (userId: string) => `circleci_user:${userId}`,
  userGroup: (orgIdOrSlug: string) => `circleci_user_group:${orgIdOrSlug}`,
  project: (projectId: string) => `circleci_project:${projectId}`,
  pipeline: (pipelineId: string) => `circleci_pipeline:${pipelineId}`,
  workflow: (workflowId: string) => `circleci_workflow:${workflowId}`,
  job: (jobId: string) => `circleci_job:${jobId}`,
  context: (contextId: string) => `circleci_context:${contextId}`,
  projectEnvVar: (projectId: string, name: string) =>
    `circleci_project_environment_variable:${projectId}:${name}`,
  contextEnvVar: (contextId: string, variable: string) =>
    `circleci_context_environment_variable:${contextId}:${variable}`,
  environment: (environmentId: string) =>
    `circleci_environment:${environmentId}`,
  component: (componentId: string) => `circleci_component:${componentId}`,
  /**
   * One version of a component in one environment (and namespace): version
   * names are unique only per component, and the same version may be
   * deployed to several environments.
   */
  deploy: (
    componentId: string,
    environmentId: string | undefined,
    namespace: string | undefined,
    version: string,
  ) =>
    `circleci_deploy:${componentId}:${environmentId ?? ''}:${
      namespace ?? ''
    }:${version}`,
};

/** CircleCI's web app, where the UI links of these objects live. */
export const CIRCLECI_APP_URL = 'https://app.circleci.com';
