import { RepoRef } from '../converters/repo';

/** A repository as later steps read it back from the job state, for unit tests. */
export const MY_SERVICE_REPO: RepoRef = {
  uuid: '{repo}',
  name: 'My Service',
  fullName: 'acme/my-service',
  workspaceSlug: 'acme',
  workspaceUuid: '{ws}',
};
