import { ADMIN_SCOPE, hasScope, SCOPE_LABELS } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import { publishMissingPermission, StepContext } from '../../steps';

export interface AdminScopeCheck {
  /** Labels of OAuth consumers whose token lacks the scope. */
  lacking: string[];
  /** True when no credential can read with it at all. */
  noneCan: boolean;
}

/**
 * Whether the run's credentials hold `scope`. OAuth tokens list their
 * scopes; an API token's scopes are not reported, so it is assumed able.
 */
export async function checkScope(
  run: BitbucketRunClient,
  scope: string,
): Promise<AdminScopeCheck> {
  await run.authenticator.authenticateAll();
  const lacking: string[] = [];
  let able = 0;
  run.authenticator.grantedScopes().forEach(({ label, scopes }) => {
    if (scopes === undefined || hasScope(scopes, scope)) able += 1;
    else lacking.push(label);
  });
  return { lacking, noneCan: able === 0 };
}

/**
 * permissions-config and branch-restrictions need repository:admin
 * (`x-accepted-oauth-scopes: repository:admin`).
 */
export function checkAdminScope(
  run: BitbucketRunClient,
): Promise<AdminScopeCheck> {
  return checkScope(run, ADMIN_SCOPE);
}

/** The warning for consumers lacking `scope`, which `what` needs. */
export function scopeMessage(
  lacking: string[],
  scope: string,
  what: string,
): string {
  const verb = lacking.length > 1 ? 'lack' : 'lacks';
  const label = SCOPE_LABELS[scope] ?? scope;
  return `Bitbucket ${lacking.join(
    ', ',
  )} ${verb} the ${scope} scope (${label}), which ${what} needs. Add "${label}" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`;
}

export function adminScopeMessage(lacking: string[], what: string): string {
  return scopeMessage(lacking, ADMIN_SCOPE, what);
}

/**
 * One warning when some credential lacks `scope` (naming it), unless
 * `what` is undefined (a sibling step of the same scope gives it); false
 * when none has it, so the step makes no request that could only answer 403.
 */
export async function requireScope(
  context: StepContext,
  run: BitbucketRunClient,
  scope: string,
  what: string | undefined,
): Promise<boolean> {
  const check = await checkScope(run, scope);
  if (what !== undefined && check.lacking.length > 0) {
    publishMissingPermission(context, scopeMessage(check.lacking, scope, what));
  }
  return !check.noneCan;
}
