import { ItemShape } from '../../../responseShape';

/**
 * Bitbucket Cloud API 2.0 answers, one file per area: each object's type
 * next to its ItemShape (what the answer must look like before the package
 * reads it; see src/responseShape.ts), so a new response is one file.
 * Types are written from the components.schemas of
 * test/sandbox/contract/specs/bitbucket-cloud-2.0.openapi.json (flattened
 * through allOf).
 * Only the fields this integration reads are declared; every field is
 * optional unless the spec's own `required` list or the endpoint guarantees
 * it, because Bitbucket omits fields freely (e.g. `fields=` filtering).
 *
 * This file: accounts and links, and the field lists every answer that
 * embeds an account or links reuses.
 */

export interface BitbucketLink {
  href?: string;
  name?: string;
}

export interface BitbucketLinks {
  self?: BitbucketLink;
  html?: BitbucketLink;
  avatar?: BitbucketLink;
}

/** `account` / `user` (schemas.account + schemas.user). */
export interface BitbucketAccount {
  type?: string;
  uuid?: string;
  display_name?: string;
  nickname?: string;
  account_id?: string;
  account_status?: string;
  created_on?: string;
  links?: BitbucketLinks;
}

/** The account fields read wherever an answer embeds one, under `at`. */
export const ACCOUNT_STRINGS = (at: string) =>
  [
    'uuid',
    'display_name',
    'nickname',
    'account_id',
    'account_status',
    'created_on',
    'type',
    'links.html.href',
    'links.avatar.href',
  ].map((field) => `${at}.${field}`);

export const ACCOUNT_OBJECTS = (at: string) => [
  at,
  `${at}.links`,
  `${at}.links.html`,
  `${at}.links.avatar`,
];

/**
 * An item naming one account under `user` (memberships, user permissions,
 * default reviewers): `strings` and `objects` of its own besides.
 */
export const userItem = (
  strings: string[],
  objects: string[] = [],
): ItemShape => ({
  id: 'user.uuid',
  objects: [...ACCOUNT_OBJECTS('user'), ...objects],
  strings: [...strings, ...ACCOUNT_STRINGS('user')],
});

/** The `links` of an object with its own html, self and avatar links. */
export const LINKS = ['links', 'links.html', 'links.self', 'links.avatar'];
export const LINK_STRINGS = [
  'links.html.href',
  'links.self.href',
  'links.avatar.href',
];
