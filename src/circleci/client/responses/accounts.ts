import { ItemShape } from '../../../responseShape';

/**
 * CircleCI API v2 answers, one file per area: each object's type next to
 * its ItemShape (what the answer must look like before the package reads
 * it; see src/responseShape.ts), so a new response is one file.
 * Types are written from the 200-response schemas of
 * test/sandbox/contract/specs/circleci-v2.openapi.json (operation ids in
 * the comments). Optional members are the ones the spec does not list as
 * required. Ids that later go into a URL path are `pathId`. A shape's field
 * lists follow its type; anything not listed is passed on untouched and
 * only read through the types' optional members.
 *
 * This file: users and the organizations they collaborate in.
 */

/** `GET /me` (getCurrentUser) and `GET /user/{id}` (getUser): schema User. */
export interface CircleCIUser {
  id: string;
  login: string;
  name: string;
  avatar_url: string | null;
}

export const userShape: ItemShape = {
  id: 'id',
  pathId: true,
  strings: ['login', 'name', 'avatar_url'],
};

/** `GET /me/collaborations` (getCollaborations) item: schema Collaboration. */
export interface CircleCICollaboration {
  /** Nullable in the spec (personal "account" orgs on some VCS types). */
  id: string | null;
  /** The spec's spelling; real answers use `vcs_type` (both are read). */
  'vcs-type'?: string;
  vcs_type?: string;
  name: string;
  avatar_url: string;
  /** e.g. "gh/acme", or "circleci/<org-id>" for GitHub App / GitLab orgs. */
  slug: string;
}

/**
 * The slug keys an organization (its id is nullable in the spec) and goes
 * into paths (insights) and queries. Real answers spell the VCS type
 * `vcs_type`; the spec says `vcs-type` (docs/jupiterone.md).
 */
export const collaborationShape: ItemShape = {
  id: 'slug',
  pathId: true,
  strings: ['id', 'vcs-type', 'vcs_type', 'name', 'avatar_url'],
};
