import { ItemShape } from '../../../responseShape';

/** Projects and their discovery through insights (see accounts.ts). */

/** `GET /insights/{org-slug}/summary` (getOrgSummaryData), the part used. */
export interface CircleCIOrgSummary {
  all_projects: string[] | null;
}

export const orgSummaryShape: ItemShape = { stringArrays: ['all_projects'] };

/** `GET /project/{project-slug}` (getProjectBySlug): schema Project. */
export interface CircleCIProject {
  id: string;
  slug: string;
  name: string;
  organization_name: string;
  organization_slug: string;
  organization_id: string;
  vcs_info?: {
    /**
     * `https://github.com/acme/api` for VCS-named orgs; `//circleci.com/
     * <org-id>/<project-id>` (no scheme) for `circleci/<org-id>` orgs.
     */
    vcs_url: string;
    provider: 'Bitbucket' | 'CircleCI' | 'GitHub';
    default_branch: string;
  };
}

export const projectShape: ItemShape = {
  id: 'id',
  pathId: true,
  objects: ['vcs_info'],
  strings: [
    'slug',
    'name',
    'organization_name',
    'organization_slug',
    'organization_id',
    'vcs_info.vcs_url',
    'vcs_info.provider',
    'vcs_info.default_branch',
  ],
};
