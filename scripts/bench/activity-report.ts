/**
 * The benchmark's account of where PR activity came from: requests per
 * source as measured, against the model's cheapest and its per-PR-only
 * count (what repository streams save).
 */
import {
  BB,
  DatasetShape,
  MinimumRequests,
  perPullRequestActivityRequests,
} from './minimum-requests';

export function activityReport(
  stats: Record<string, number>,
  shape: DatasetShape,
  minimum: MinimumRequests,
) {
  const measured = {
    perPullRequest: stats[BB.activity] ?? 0,
    repositoryStream: stats[BB.repositoryActivity] ?? 0,
  };
  const perPullRequestOnly = shape.bitbucket
    ? perPullRequestActivityRequests(shape.bitbucket)
    : 0;
  const requests = measured.perPullRequest + measured.repositoryStream;
  return {
    measured,
    minimum:
      (minimum.byEndpoint[BB.activity] ?? 0) +
      (minimum.byEndpoint[BB.repositoryActivity] ?? 0),
    perPullRequestOnly,
    savedRequests: perPullRequestOnly - requests,
  };
}
