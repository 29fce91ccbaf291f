import {
  CircleCIOidcCustomClaims,
  CircleCIPolicyDecisionSettings,
  CircleCIUrlOrbAllowListEntry,
} from '../client/responses/controls';

/**
 * Organization and project security controls, as entity properties. Each
 * group has an `...Available` flag: false when CircleCI answered 403/404
 * (the plan lacks the feature, or the token's user may not read it), and
 * then the control's other properties are absent, so "unknown" never reads
 * as "off". Undefined input = not available.
 */

/**
 * OIDC custom claims: `oidcAudience` / `oidcTokenTtl` only when customised
 * (CircleCI otherwise issues tokens with its default audience, the
 * organization id, and a one-hour TTL).
 */
export function oidcClaimsProperties(
  claims: CircleCIOidcCustomClaims | undefined,
) {
  if (!claims) return { oidcClaimsAvailable: false };
  const audience = claims.audience ?? [];
  return {
    oidcClaimsAvailable: true,
    oidcCustomAudience: audience.length > 0,
    oidcAudience: audience.length > 0 ? [...audience].sort() : undefined,
    oidcTokenTtl: claims.ttl || undefined,
  };
}

/**
 * The URL-orb allow list: the prefixes a config may import orbs from by
 * URL (an empty list allows none).
 */
export function urlOrbAllowListProperties(
  entries: CircleCIUrlOrbAllowListEntry[] | undefined,
) {
  if (!entries) return { urlOrbAllowListAvailable: false };
  const prefixes = entries
    .map((e) => (typeof e.prefix === 'string' ? e.prefix : undefined))
    .filter((p): p is string => p !== undefined && p !== '');
  return {
    urlOrbAllowListAvailable: true,
    urlOrbAllowListCount: entries.length,
    urlOrbAllowedPrefixes: [...new Set(prefixes)].sort(),
  };
}

/** Config-policy enforcement (the `config` policy context's decision setting). */
export function configPolicyProperties(
  settings: CircleCIPolicyDecisionSettings | undefined,
) {
  if (!settings) return { configPolicyAvailable: false };
  return {
    configPolicyAvailable: true,
    configPolicyEnforced: settings.enabled === true,
  };
}

/** Every control of an organization (undefined members: not available). */
export interface OrganizationControls {
  oidcClaims?: CircleCIOidcCustomClaims;
  urlOrbAllowList?: CircleCIUrlOrbAllowListEntry[];
  configPolicy?: CircleCIPolicyDecisionSettings;
}

export function organizationControlProperties(controls: OrganizationControls) {
  return {
    ...oidcClaimsProperties(controls.oidcClaims),
    ...urlOrbAllowListProperties(controls.urlOrbAllowList),
    ...configPolicyProperties(controls.configPolicy),
  };
}
