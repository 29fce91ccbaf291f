import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';

/** Organization and project controls: OIDC claims, URL orb allow-list, config policies (see accounts.ts). */

/**
 * `GET /org/{orgID}/oidc-custom-claims` and
 * `GET /org/{orgID}/project/{projectID}/oidc-custom-claims`: the custom
 * audience and token TTL of OIDC tokens; absent members are not customised.
 */
export interface CircleCIOidcCustomClaims {
  org_id?: string;
  project_id?: string;
  audience?: string[];
  audience_updated_at?: string;
  ttl?: string;
  ttl_updated_at?: string;
}

export const oidcCustomClaimsShape: ItemShape = {
  strings: [
    'org_id',
    'project_id',
    'ttl',
    'audience_updated_at',
    'ttl_updated_at',
  ],
  stringArrays: ['audience'],
};

/** `GET /organization/{org-slug-or-id}/url-orb-allow-list` item. */
export interface CircleCIUrlOrbAllowListEntry {
  id: string;
  name?: string;
  prefix?: string;
  auth?: string;
}

export const urlOrbAllowListEntryShape: ItemShape = {
  id: 'id',
  strings: ['name', 'prefix', 'auth'],
};

/** `GET /owner/{ownerID}/context/config/decision/settings`. */
export interface CircleCIPolicyDecisionSettings {
  enabled?: boolean;
}

export const policyDecisionSettingsShape: ItemShape = { booleans: ['enabled'] };

/** The organization's URL-orb allow list (addressed by organization id). */
export const orgUrlOrbAllowList = listing<CircleCIUrlOrbAllowListEntry>(
  'GET /organization/{org-slug-or-id}/url-orb-allow-list',
  urlOrbAllowListEntryShape,
  PAGED,
);
