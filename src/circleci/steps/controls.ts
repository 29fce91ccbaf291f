import { CircleCIClient } from '../client/client';
import {
  CircleCIUrlOrbAllowListEntry,
  orgUrlOrbAllowList,
} from '../client/responses/controls';
import { OrganizationControls } from '../converters/controls';
import {
  accessGapOf,
  accessGapPhrase,
  isSkippableListingFailure,
  listNames,
  publishMissingPermission,
  StepContext,
} from '../../steps';

/**
 * Reads one optional control. A 403/404 (the plan lacks the feature, or
 * the token's user may not read it) or an answer of the wrong shape is
 * "not available": undefined, and the reason is noted for the step's one
 * warning. Any other failure is rethrown.
 */
export async function readControl<T>(
  read: () => Promise<T>,
  note: (reason: string) => void,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isSkippableListingFailure(err)) {
      note('an answer of the wrong shape');
      return undefined;
    }
    const status = accessGapOf(err);
    if (status === undefined) throw err;
    note(accessGapPhrase(status));
    return undefined;
  }
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * The organization's OIDC custom claims, URL-orb allow list and
 * config-policy setting, read side by side; `unavailable` collects
 * "<control> (<status>)" for each that is not available.
 */
export async function readOrganizationControls(
  client: CircleCIClient,
  orgId: string,
  unavailable: string[],
): Promise<OrganizationControls> {
  const noted = (control: string) => (reason: string) =>
    unavailable.push(`${control} (${reason})`);
  const [oidcClaims, urlOrbAllowList, configPolicy] = await Promise.all([
    readControl(
      () => client.getOrgOidcCustomClaims(orgId),
      noted('OIDC custom claims'),
    ),
    readControl<CircleCIUrlOrbAllowListEntry[]>(
      () => all(client.list(orgUrlOrbAllowList, [orgId])),
      noted('URL-orb allow list'),
    ),
    readControl(
      () => client.getConfigPolicySettings(orgId),
      noted('config policies'),
    ),
  ]);
  return { oidcClaims, urlOrbAllowList, configPolicy };
}

/** One warning naming every control that was not available, if any. */
export function publishUnavailableControls(
  context: StepContext,
  scope: string,
  unavailable: string[],
  consequence: string,
): void {
  if (unavailable.length === 0) return;
  publishMissingPermission(
    context,
    `CircleCI ${scope} controls not available for ${
      unavailable.length
    } item(s): ${listNames(
      [...unavailable].sort(),
    )}. ${consequence} A 403 means the plan does not have the feature or the API token's user is not an organization admin.`,
  );
}
