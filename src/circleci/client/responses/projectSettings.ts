import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';

/**
 * A project's settings: advanced settings, environment variables (names),
 * checkout keys, webhooks and schedules (see accounts.ts).
 */

/** `GET /project/{provider}/{organization}/{project}/settings` (experimental). */
export interface CircleCIProjectSettings {
  advanced?: {
    autocancel_builds?: boolean;
    build_fork_prs?: boolean;
    build_prs_only?: boolean;
    disable_ssh?: boolean;
    forks_receive_secret_env_vars?: boolean;
    oss?: boolean;
    set_github_status?: boolean;
    setup_workflows?: boolean;
    write_settings_requires_admin?: boolean;
    pr_only_branch_overrides?: string[];
  };
}

export const projectSettingsShape: ItemShape = {
  objects: ['advanced'],
  booleans: [
    'advanced.autocancel_builds',
    'advanced.build_fork_prs',
    'advanced.build_prs_only',
    'advanced.disable_ssh',
    'advanced.forks_receive_secret_env_vars',
    'advanced.oss',
    'advanced.set_github_status',
    'advanced.setup_workflows',
    'advanced.write_settings_requires_admin',
  ],
  stringArrays: ['advanced.pr_only_branch_overrides'],
};

/**
 * `GET /project/{project-slug}/envvar` item: schema EnvironmentVariable. The
 * `value` (masked "xxxx" + last four characters) is deliberately not declared:
 * nothing in this package may read it.
 */
export interface CircleCIProjectEnvironmentVariable {
  name: string;
  /** Not ISO-8601 in practice, e.g. "#joda/inst 2023-04-14T21:20:14+0000". */
  'created-at'?: string | null;
}

export const projectEnvVarShape: ItemShape = {
  id: 'name',
  strings: ['created-at'],
};

/**
 * `GET /project/{project-slug}/checkout-key` item: schema CheckoutKey. The
 * spec's type enum is deploy-key | github-user-key; CircleCI's docs also
 * name Bitbucket "user-key"s, so any string is accepted.
 */
export interface CircleCICheckoutKey {
  'public-key'?: string;
  type?: string;
  fingerprint: string;
  preferred?: boolean;
  'created-at'?: string;
}

/** Keyed by fingerprint, unique within a project. */
export const checkoutKeyShape: ItemShape = {
  id: 'fingerprint',
  strings: ['public-key', 'type', 'created-at'],
  booleans: ['preferred'],
};

/**
 * `GET /webhook?scope-id=&scope-type=project` item: schema Webhook.
 * `signing-secret` (a masked secret) is declared only so the converter can
 * tell whether one is set; it never reaches an entity or raw data.
 */
export interface CircleCIWebhook {
  id: string;
  name?: string;
  url?: string;
  'verify-tls'?: boolean;
  'signing-secret'?: string | null;
  events?: string[];
  scope?: { id?: string; type?: string };
  'created-at'?: string;
  'updated-at'?: string;
}

export const webhookShape: ItemShape = {
  id: 'id',
  objects: ['scope'],
  strings: [
    'name',
    'url',
    'signing-secret',
    'created-at',
    'updated-at',
    'scope.id',
    'scope.type',
  ],
  booleans: ['verify-tls'],
  stringArrays: ['events'],
};

/** A schedule's timetable (either days-of-week or days-of-month form). */
export interface CircleCIScheduleTimetable {
  'per-hour'?: number;
  'hours-of-day'?: number[];
  'days-of-week'?: string[];
  'days-of-month'?: number[];
  months?: string[];
}

/**
 * `GET /project/{project-slug}/schedule` item: schema Schedule. `actor` is
 * the user the scheduled pipelines run as. `parameters` are
 * caller-supplied pipeline parameters (they may hold secrets): only
 * `branch` / `tag` are read.
 */
export interface CircleCISchedule {
  id: string;
  name?: string;
  description?: string | null;
  'project-slug'?: string;
  timetable?: CircleCIScheduleTimetable;
  actor?: {
    id?: string;
    login?: string;
    name?: string;
    avatar_url?: string | null;
  };
  parameters?: Record<string, unknown>;
  'created-at'?: string;
  'updated-at'?: string;
}

export const scheduleShape: ItemShape = {
  id: 'id',
  objects: ['timetable', 'actor', 'parameters'],
  numbers: ['timetable.per-hour'],
  strings: [
    'name',
    'description',
    'project-slug',
    'created-at',
    'updated-at',
    'actor.id',
    'actor.login',
    'actor.name',
  ],
  stringArrays: ['timetable.days-of-week', 'timetable.months'],
};

export const projectEnvVars = listing<CircleCIProjectEnvironmentVariable>(
  'GET /project/{project-slug}/envvar',
  projectEnvVarShape,
  PAGED,
);

/**
 * Checkout keys of a project (SSH keys CircleCI checks code out with).
 * The default `md5` fingerprint digest is kept: it is the fingerprint
 * CircleCI's UI and config (`add_ssh_keys`) show; the SHA-256 identity is
 * computed from the public key instead. The spec declares no page-token
 * but the answer has next_page_token, so the token is followed.
 */
export const projectCheckoutKeys = listing<CircleCICheckoutKey>(
  'GET /project/{project-slug}/checkout-key',
  checkoutKeyShape,
  PAGED,
);

/** Scheduled triggers of a project, with the actor they run as. */
export const projectSchedules = listing<CircleCISchedule>(
  'GET /project/{project-slug}/schedule',
  scheduleShape,
  PAGED,
);
