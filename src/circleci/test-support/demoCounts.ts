/**
 * What a full CircleCI collection of the sandbox `demo` dataset produces with
 * the default config (30-day lookback) at SANDBOX_REFERENCE_TIME + 1 h.
 */
export const DEMO_ENTITY_COUNTS = {
  circleci_account: 1,
  circleci_context: 4,
  circleci_context_environment_variable: 8,
  circleci_job: 25,
  circleci_pipeline: 11,
  circleci_project: 5,
  circleci_project_environment_variable: 8,
  circleci_user: 5,
  circleci_user_group: 2,
  circleci_workflow: 15,
};

export const DEMO_RELATIONSHIP_COUNTS = {
  circleci_account_has_user: 5,
  circleci_account_has_user_group: 2,
  circleci_context_has_environment_variable: 8,
  circleci_pipeline_has_workflow: 15,
  circleci_project_has_environment_variable: 8,
  circleci_project_has_pipeline: 11,
  circleci_project_uses_context: 4,
  circleci_project_uses_context_environment_variable: 10,
  circleci_user_approved_job: 3,
  circleci_user_group_has_context: 4,
  circleci_user_group_has_project: 5,
  circleci_user_group_has_user: 6,
  circleci_user_is_person: 5,
  circleci_user_triggers_pipeline: 11,
  circleci_user_triggers_workflow: 15,
  circleci_workflow_has_job: 25,
};
