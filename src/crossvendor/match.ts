/**
 * Pure matching rules joining CircleCI and Bitbucket objects. Each rule uses
 * an identifier both vendors report for the same thing, never a fuzzy guess;
 * docs/jupiterone.md ("Links between CircleCI and Bitbucket") explains them.
 */

/** Bitbucket abbreviates commit hashes to 12 characters in PR payloads. */
const ABBREVIATED_HASH_LENGTH = 12;

/**
 * `workspace/repo` (lower case) for a Bitbucket Cloud repository URL such as
 * CircleCI's `vcs_info.vcs_url` (`https://bitbucket.org/acme/api`) or a
 * pipeline's `vcs.target_repository_url`; undefined for other hosts. Slugs
 * are case-insensitive in Bitbucket URLs, and the Bitbucket converters store
 * `fullName` lower-cased, so both sides compare lower-cased.
 */
export function bitbucketFullNameFromUrl(
  url: string | undefined,
): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname.toLowerCase() !== 'bitbucket.org') return undefined;
  const [workspace, repo] = parsed.pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (!workspace || !repo) return undefined;
  return `${workspace}/${repo}`.toLowerCase();
}

export interface PullRequestCommits {
  key: string;
  repositoryFullName: string;
  mergeCommit?: string;
  sourceCommit?: string;
}

export type CommitMatchKind = 'merge_commit' | 'source_commit';

export interface PullRequestMatch {
  pullRequestKey: string;
  matchedOn: CommitMatchKind;
}

/**
 * Index of pull requests by repository and commit, so each pipeline is
 * matched in constant time. A pipeline's revision is a full 40-character
 * hash while Bitbucket may report 12-character abbreviations, so entries are
 * keyed by the abbreviation and confirmed by prefix.
 */
export class PullRequestCommitIndex {
  private readonly byCommit = new Map<
    string,
    Array<{ hash: string; match: PullRequestMatch }>
  >();

  add(pr: PullRequestCommits): void {
    const entries: Array<[string | undefined, CommitMatchKind]> = [
      [pr.mergeCommit, 'merge_commit'],
      [pr.sourceCommit, 'source_commit'],
    ];
    for (const [hash, matchedOn] of entries) {
      if (!hash || hash.length < 7) continue;
      const lower = hash.toLowerCase();
      const indexKey = `${pr.repositoryFullName}@${lower.slice(
        0,
        ABBREVIATED_HASH_LENGTH,
      )}`;
      const list = this.byCommit.get(indexKey) ?? [];
      list.push({ hash: lower, match: { pullRequestKey: pr.key, matchedOn } });
      this.byCommit.set(indexKey, list);
    }
  }

  /**
   * Pull requests whose merge commit (preferred) or source commit is the
   * revision a pipeline built in that repository. A pipeline building a merge
   * commit built what the PR merged; one building the source head built the
   * PR's proposed change.
   */
  find(repositoryFullName: string, revision: string): PullRequestMatch[] {
    const lower = revision.toLowerCase();
    const candidates =
      this.byCommit.get(
        `${repositoryFullName}@${lower.slice(0, ABBREVIATED_HASH_LENGTH)}`,
      ) ?? [];
    const matches = candidates.filter(
      ({ hash }) => lower.startsWith(hash) || hash.startsWith(lower),
    );
    const mergeMatches = matches.filter(
      ({ match }) => match.matchedOn === 'merge_commit',
    );
    const chosen = mergeMatches.length > 0 ? mergeMatches : matches;
    const seen = new Set<string>();
    return chosen
      .map(({ match }) => match)
      .filter((match) => {
        if (seen.has(match.pullRequestKey)) return false;
        seen.add(match.pullRequestKey);
        return true;
      });
  }
}

/** The Bitbucket workspace slug of a CircleCI organization slug, if any. */
export function bitbucketWorkspaceOfOrgSlug(
  orgSlug: string | undefined,
): string | undefined {
  if (!orgSlug) return undefined;
  const [vcs, workspace, ...rest] = orgSlug.split('/');
  if (rest.length > 0 || !workspace) return undefined;
  return vcs === 'bb' || vcs === 'bitbucket'
    ? workspace.toLowerCase()
    : undefined;
}

/**
 * CircleCI signs Bitbucket organizations' users in through Bitbucket, and
 * reports the Bitbucket username as the user's `login`. A CircleCI user is
 * the same person as a Bitbucket user only when (1) the CircleCI user is a
 * member of the organization `bb/<workspace>`, and (2) exactly one member of
 * that Bitbucket workspace has that nickname. Anything else (no match, or an
 * ambiguous nickname) links nothing.
 */
export function matchUserByWorkspaceNickname(
  login: string,
  workspaces: string[],
  membersByWorkspace: Map<string, Map<string, string[]>>,
): string | undefined {
  const candidates = new Set<string>();
  for (const workspace of workspaces) {
    for (const key of membersByWorkspace.get(workspace)?.get(login) ?? []) {
      candidates.add(key);
    }
  }
  return candidates.size === 1 ? [...candidates][0] : undefined;
}
