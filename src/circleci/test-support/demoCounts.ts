/**
 * What a full CircleCI collection of the sandbox `demo` dataset produces with
 * the default config (30-day lookback) at SANDBOX_REFERENCE_TIME + 1 h.
 * It includes the real-payload cases (test/sandbox/circleci/real-shapes.ts):
 * a `circleci/<org-id>` organization with one project, a built pipeline
 * (one workflow, one job) and an errored pipeline (no workflow); and the
 * managed questions' cases (test/sandbox/circleci/demo-question-cases.ts):
 * two deploy pipelines (web-app, api-gateway) and two contexts; and the
 * deploys (test/sandbox/circleci/demo-deploys.ts): 2 environments, 3
 * components, 6 deploys, two of them by pipelines outside the window (their
 * PERFORMED links mapped).
 */
export const DEMO_ENTITY_COUNTS = {
  circleci_account: 1,
  circleci_component: 3,
  circleci_context: 6,
  circleci_context_environment_variable: 11,
  circleci_deploy: 6,
  circleci_environment: 2,
  circleci_job: 31,
  circleci_pipeline: 15,
  circleci_project: 6,
  circleci_project_environment_variable: 8,
  circleci_user: 5,
  circleci_user_group: 3,
  circleci_workflow: 18,
};

export const DEMO_RELATIONSHIP_COUNTS = {
  circleci_account_has_user: 5,
  circleci_account_has_user_group: 3,
  circleci_component_has_deploy: 6,
  circleci_context_has_environment_variable: 11,
  circleci_deploy_uses_environment: 6,
  circleci_job_performed_deploy: 6,
  circleci_pipeline_has_workflow: 18,
  circleci_pipeline_performed_deploy: 6,
  circleci_project_has_component: 3,
  circleci_project_has_environment_variable: 8,
  circleci_project_has_pipeline: 15,
  circleci_project_uses_context: 5,
  circleci_project_uses_context_environment_variable: 12,
  circleci_user_approved_job: 3,
  circleci_user_group_has_component: 3,
  circleci_user_group_has_context: 6,
  circleci_user_group_has_environment: 2,
  circleci_user_group_has_project: 6,
  circleci_user_group_has_user: 8,
  circleci_user_is_person: 5,
  circleci_user_triggers_pipeline: 14,
  circleci_user_triggers_workflow: 18,
  circleci_workflow_has_job: 31,
  circleci_workflow_performed_deploy: 6,
};
