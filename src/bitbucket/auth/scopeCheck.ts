import { hasScope, SCOPE_LABELS } from './scopes';

/** What a scope check reads: the run's credentials and their scopes. */
export interface ScopedCredentials {
  authenticateAll(): Promise<void>;
  grantedScopes(): Array<{ label: string; scopes?: string[] }>;
}

export interface ScopeCheck {
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
  credentials: ScopedCredentials,
  scope: string,
): Promise<ScopeCheck> {
  await credentials.authenticateAll();
  const lacking: string[] = [];
  let able = 0;
  credentials.grantedScopes().forEach(({ label, scopes }) => {
    if (scopes === undefined || hasScope(scopes, scope)) able += 1;
    else lacking.push(label);
  });
  return { lacking, noneCan: able === 0 };
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
