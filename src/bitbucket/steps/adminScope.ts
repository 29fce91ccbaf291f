import { ADMIN_SCOPE, hasScope } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';

export interface AdminScopeCheck {
  /** Labels of OAuth consumers whose token lacks repository:admin. */
  lacking: string[];
  /** True when no credential can read permissions at all. */
  noneCan: boolean;
}

/**
 * permissions-config and branch-restrictions need repository:admin
 * (`x-accepted-oauth-scopes: repository:admin`). OAuth tokens list their
 * scopes; an API token's scopes are not reported, so it is assumed able.
 */
export async function checkAdminScope(
  run: BitbucketRunClient,
): Promise<AdminScopeCheck> {
  await run.authenticator.authenticateAll();
  const lacking: string[] = [];
  let able = 0;
  run.authenticator.grantedScopes().forEach(({ label, scopes }) => {
    if (scopes === undefined || hasScope(scopes, ADMIN_SCOPE)) able += 1;
    else lacking.push(label);
  });
  return { lacking, noneCan: able === 0 };
}

export function adminScopeMessage(lacking: string[], what: string): string {
  const verb = lacking.length > 1 ? 'lack' : 'lacks';
  return `Bitbucket ${lacking.join(
    ', ',
  )} ${verb} the ${ADMIN_SCOPE} scope (Repositories: Admin), which ${what} needs. Add "Repositories: Admin" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`;
}
