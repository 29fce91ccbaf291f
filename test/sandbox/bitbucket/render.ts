/**
 * Renders dataset records as Bitbucket API JSON. Shapes follow the spec's
 * component schemas (`repository`, `pullrequest`, `participant`, ...) and the
 * narrative examples; where the vendor sends `null` for a field the spec types
 * as a non-nullable object or string (`merge_commit`, `closed_by`,
 * `participant.state`), the field is left out so responses validate against
 * the published schema: clients must treat absent and null alike.
 *
 * API links point at the sandbox (`apiBase`) so a client can follow them;
 * `html` links point at bitbucket.org like the vendor's (never fetched).
 */
import { DataIndex } from './data-index';
import {
  BbActivity,
  BbBranchRestriction,
  BbCommit,
  BbGroup,
  BbMembership,
  BbParticipant,
  BbProject,
  BbPullRequest,
  BbRepo,
  BbWorkspace,
} from './model';

export type JsonObject = Record<string, unknown>;

const WEB = 'https://bitbucket.org';
const AVATAR = 'https://avatar-management.services.atlassian.example/default';

/** Bitbucket timestamps: ISO-8601 with microseconds and a `+00:00` offset. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/** Activity and PR endpoints abbreviate commit hashes to 12 characters. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

const href = (url: string): { href: string } => ({ href: url });

export class Renderer {
  constructor(
    private readonly index: DataIndex,
    private readonly apiBase: string,
  ) {}

  api(path: string): { href: string } {
    return href(`${this.apiBase}${path}`);
  }

  account(uuid: string): JsonObject {
    const user = this.index.users.get(uuid);
    const encoded = encodeURIComponent(uuid);
    return {
      type: 'user',
      uuid,
      display_name: user?.displayName ?? 'Former user',
      nickname: user?.nickname ?? 'former-user',
      account_id: user?.accountId ?? '',
      links: {
        self: this.api(`/users/${encoded}`),
        html: href(`${WEB}/${encoded}/`),
        avatar: href(`${AVATAR}/${user?.nickname ?? 'former-user'}`),
      },
    };
  }

  /** `GET /user`: the full user object. */
  currentUser(uuid: string): JsonObject {
    const user = this.index.users.get(uuid);
    return {
      ...this.account(uuid),
      created_on: user ? iso(user.createdOn) : undefined,
      account_status: 'active',
      is_staff: false,
      has_2fa_enabled: true,
    };
  }

  private team(workspace: BbWorkspace): JsonObject {
    return {
      type: 'team',
      uuid: workspace.uuid,
      username: workspace.slug,
      display_name: workspace.name,
      links: {
        self: this.api(`/workspaces/${workspace.slug}`),
        html: href(`${WEB}/${workspace.slug}/`),
        avatar: href(`${AVATAR}/${workspace.slug}`),
      },
    };
  }

  workspace(workspace: BbWorkspace): JsonObject {
    const slug = workspace.slug;
    return {
      type: 'workspace',
      uuid: workspace.uuid,
      name: workspace.name,
      slug,
      is_private: workspace.isPrivate,
      is_privacy_enforced: false,
      forking_mode: 'allow_forks',
      created_on: iso(workspace.createdOn),
      updated_on: iso(workspace.updatedOn),
      links: {
        self: this.api(`/workspaces/${slug}`),
        html: href(`${WEB}/${slug}/`),
        avatar: href(`${AVATAR}/${slug}`),
        members: this.api(`/workspaces/${slug}/members`),
        owners: this.api(
          `/workspaces/${slug}/members?q=permission%3D%22owner%22`,
        ),
        projects: this.api(`/workspaces/${slug}/projects`),
        repositories: this.api(`/repositories/${slug}`),
        snippets: this.api(`/snippets/${slug}`),
      },
    };
  }

  workspaceCondensed(slug: string): JsonObject {
    const workspace = this.index.workspaces.get(slug);
    return {
      type: 'workspace',
      uuid: workspace?.uuid,
      slug,
      name: workspace?.name,
      links: {
        self: this.api(`/workspaces/${slug}`),
        html: href(`${WEB}/${slug}/`),
        avatar: href(`${AVATAR}/${slug}`),
      },
    };
  }

  /** `GET /user/workspaces` item (`workspace_access`). */
  workspaceAccess(workspace: BbWorkspace, administrator: boolean): JsonObject {
    return {
      type: 'workspace_access',
      administrator,
      workspace: {
        type: 'workspace_base',
        uuid: workspace.uuid,
        slug: workspace.slug,
        links: {
          self: this.api(`/workspaces/${workspace.slug}`),
          avatar: href(`${AVATAR}/${workspace.slug}`),
        },
      },
    };
  }

  membership(membership: BbMembership, withPermission: boolean): JsonObject {
    return {
      type: 'workspace_membership',
      ...(withPermission ? { permission: membership.permission } : {}),
      user: this.account(membership.userUuid),
      workspace: this.workspaceCondensed(membership.workspaceSlug),
      links: {
        self: this.api(
          `/workspaces/${membership.workspaceSlug}/members/${encodeURIComponent(
            membership.userUuid,
          )}`,
        ),
      },
    };
  }

  projectLinks(project: BbProject): JsonObject {
    return {
      html: href(
        `${WEB}/${project.workspaceSlug}/workspace/projects/${project.key}`,
      ),
      avatar: href(`${AVATAR}/project-${project.key}`),
    };
  }

  project(project: BbProject): JsonObject {
    const workspace = this.index.workspaces.get(project.workspaceSlug);
    const repos = this.index.reposByWorkspace.get(project.workspaceSlug) ?? [];
    return {
      type: 'project',
      uuid: project.uuid,
      key: project.key,
      name: project.name,
      description: project.description,
      is_private: project.isPrivate,
      created_on: iso(project.createdOn),
      updated_on: iso(project.updatedOn),
      has_publicly_visible_repos: repos.some(
        (repo) => repo.projectKey === project.key && !repo.isPrivate,
      ),
      ...(workspace ? { owner: this.team(workspace) } : {}),
      workspace: this.workspaceCondensed(project.workspaceSlug),
      links: this.projectLinks(project),
    };
  }

  private repoLinks(repo: BbRepo): JsonObject {
    const base = `/repositories/${repo.workspaceSlug}/${repo.slug}`;
    return {
      self: this.api(base),
      html: href(`${WEB}/${repo.workspaceSlug}/${repo.slug}`),
      avatar: href(`${AVATAR}/repo-${repo.slug}`),
    };
  }

  /** The condensed repository embedded in PRs, permissions, commits. */
  repositoryCondensed(repo: BbRepo): JsonObject {
    return {
      type: 'repository',
      uuid: repo.uuid,
      name: repo.name,
      full_name: `${repo.workspaceSlug}/${repo.slug}`,
      links: this.repoLinks(repo),
    };
  }

  repository(repo: BbRepo): JsonObject {
    const base = `/repositories/${repo.workspaceSlug}/${repo.slug}`;
    const workspace = this.index.workspaces.get(repo.workspaceSlug);
    const project = repo.projectKey
      ? (this.index.projectsByWorkspace.get(repo.workspaceSlug) ?? []).find(
          (p) => p.key === repo.projectKey,
        )
      : undefined;
    const parent = repo.parentUuid
      ? this.index.repos.get(repo.parentUuid)
      : undefined;
    return {
      type: 'repository',
      uuid: repo.uuid,
      full_name: `${repo.workspaceSlug}/${repo.slug}`,
      name: repo.name,
      slug: repo.slug,
      description: repo.description,
      is_private: repo.isPrivate,
      scm: 'git',
      ...(workspace ? { owner: this.team(workspace) } : {}),
      workspace: this.workspaceCondensed(repo.workspaceSlug),
      ...(project
        ? {
            project: {
              type: 'project',
              key: project.key,
              uuid: project.uuid,
              name: project.name,
              links: this.projectLinks(project),
            },
          }
        : {}),
      ...(parent ? { parent: this.repositoryCondensed(parent) } : {}),
      mainbranch: { type: 'branch', name: repo.mainBranch },
      created_on: iso(repo.createdOn),
      updated_on: iso(repo.updatedOn),
      size: repo.size,
      language: repo.language,
      has_issues: false,
      has_wiki: false,
      fork_policy: repo.forkPolicy,
      links: {
        ...this.repoLinks(repo),
        pullrequests: this.api(`${base}/pullrequests`),
        commits: this.api(`${base}/commits`),
        forks: this.api(`${base}/forks`),
        watchers: this.api(`${base}/watchers`),
        downloads: this.api(`${base}/downloads`),
        hooks: this.api(`${base}/hooks`),
        clone: [
          {
            name: 'https',
            href: `${WEB}/${repo.workspaceSlug}/${repo.slug}.git`,
          },
          {
            name: 'ssh',
            href: `ssh://git@bitbucket.org/${repo.workspaceSlug}/${repo.slug}.git`,
          },
        ],
      },
    };
  }

  /** Group as embedded in API 2.0 objects (`group` schema). */
  group(group: BbGroup): JsonObject {
    return {
      type: 'group',
      name: group.name,
      slug: group.slug,
      full_slug: `${group.workspaceSlug}:${group.slug}`,
      owner: this.account(group.ownerUuid),
      workspace: this.workspaceCondensed(group.workspaceSlug),
      links: {
        self: this.api(`/groups/${group.workspaceSlug}/${group.slug}`),
        html: href(
          `${WEB}/${group.workspaceSlug}/workspace/settings/groups/${group.slug}`,
        ),
      },
    };
  }

  private findGroup(workspaceSlug: string, slug: string): BbGroup | undefined {
    return (this.index.groupsByWorkspace.get(workspaceSlug) ?? []).find(
      (g) => g.slug === slug,
    );
  }

  userPermission(
    repo: BbRepo,
    userUuid: string,
    permission: string,
  ): JsonObject {
    return {
      type: 'repository_user_permission',
      permission,
      user: this.account(userUuid),
      repository: this.repositoryCondensed(repo),
      links: {
        self: this.api(
          `/repositories/${repo.workspaceSlug}/${
            repo.slug
          }/permissions-config/users/${encodeURIComponent(userUuid)}`,
        ),
      },
    };
  }

  groupPermission(
    repo: BbRepo,
    groupSlug: string,
    permission: string,
  ): JsonObject {
    const group = this.findGroup(repo.workspaceSlug, groupSlug);
    return {
      type: 'repository_group_permission',
      permission,
      group: group
        ? this.group(group)
        : { type: 'group', slug: groupSlug, name: groupSlug },
      repository: this.repositoryCondensed(repo),
      links: {
        self: this.api(
          `/repositories/${repo.workspaceSlug}/${repo.slug}/permissions-config/groups/${groupSlug}`,
        ),
      },
    };
  }

  /** `GET /workspaces/{ws}/permissions/repositories` (repository_permission). */
  repositoryPermission(
    repo: BbRepo,
    userUuid: string,
    permission: string,
  ): JsonObject {
    return {
      type: 'repository_permission',
      permission,
      user: this.account(userUuid),
      repository: this.repositoryCondensed(repo),
    };
  }

  projectUserPermission(
    project: BbProject,
    userUuid: string,
    permission: string,
  ): JsonObject {
    return {
      type: 'project_user_permission',
      permission,
      user: this.account(userUuid),
      links: {
        self: this.api(
          `/workspaces/${project.workspaceSlug}/projects/${
            project.key
          }/permissions-config/users/${encodeURIComponent(userUuid)}`,
        ),
      },
    };
  }

  projectGroupPermission(
    project: BbProject,
    groupSlug: string,
    permission: string,
  ): JsonObject {
    const group = this.findGroup(project.workspaceSlug, groupSlug);
    return {
      type: 'project_group_permission',
      permission,
      group: group
        ? this.group(group)
        : { type: 'group', slug: groupSlug, name: groupSlug },
      links: {
        self: this.api(
          `/workspaces/${project.workspaceSlug}/projects/${project.key}/permissions-config/groups/${groupSlug}`,
        ),
      },
    };
  }

  defaultReviewer(userUuid: string, reviewerType: string): JsonObject {
    return {
      type: 'default_reviewer',
      reviewer_type: reviewerType,
      user: this.account(userUuid),
    };
  }

  /** `GET …/effective-branching-model` (effective_repo_branching_model). */
  effectiveBranchingModel(repo: BbRepo): JsonObject {
    const development = repo.branchingModel?.development;
    const production = repo.branchingModel?.production;
    const target = (name: string, useMain: boolean): JsonObject => ({
      name,
      use_mainbranch: useMain,
      branch: { type: 'branch', name },
    });
    return {
      type: 'effective_repo_branching_model',
      development: development
        ? target(development, false)
        : target(repo.mainBranch, true),
      ...(production ? { production: target(production, false) } : {}),
      branch_types: [
        { kind: 'feature', prefix: 'feature/' },
        { kind: 'bugfix', prefix: 'bugfix/' },
        { kind: 'release', prefix: 'release/' },
        { kind: 'hotfix', prefix: 'hotfix/' },
      ],
    };
  }

  branchRestriction(
    repo: BbRepo,
    restriction: BbBranchRestriction,
  ): JsonObject {
    return {
      type: 'branchrestriction',
      id: restriction.id,
      kind: restriction.kind,
      branch_match_kind: restriction.branchMatchKind,
      pattern: restriction.pattern,
      ...(restriction.branchType
        ? { branch_type: restriction.branchType }
        : {}),
      ...(restriction.value !== undefined ? { value: restriction.value } : {}),
      users: restriction.userUuids.map((uuid) => this.account(uuid)),
      groups: restriction.groupSlugs.flatMap((slug) => {
        const group = this.findGroup(repo.workspaceSlug, slug);
        return group ? [this.group(group)] : [];
      }),
      links: {
        self: this.api(
          `/repositories/${repo.workspaceSlug}/${repo.slug}/branch-restrictions/${restriction.id}`,
        ),
      },
    };
  }

  /** schemas.pipelines_config. */
  pipelinesConfig(repo: BbRepo): JsonObject {
    return {
      type: 'repository_pipelines_configuration',
      enabled: repo.pipelinesEnabled ?? false,
      repository: this.repositoryCondensed(repo),
    };
  }

  private prBase(pr: BbPullRequest): string {
    const repo = this.index.repos.get(pr.repoUuid);
    return `/repositories/${repo?.workspaceSlug}/${repo?.slug}/pullrequests/${pr.id}`;
  }

  private prCondensed(pr: BbPullRequest): JsonObject {
    const repo = this.index.repos.get(pr.repoUuid);
    return {
      type: 'pullrequest',
      id: pr.id,
      title: pr.title,
      links: {
        self: this.api(this.prBase(pr)),
        html: href(
          `${WEB}/${repo?.workspaceSlug}/${repo?.slug}/pull-requests/${pr.id}`,
        ),
      },
    };
  }

  private endpoint(
    repoUuid: string,
    branch: string,
    commit: string,
  ): JsonObject {
    const repo =
      this.index.repos.get(repoUuid) ?? this.index.deletedRepos.get(repoUuid);
    return {
      branch: { name: branch },
      commit: { hash: shortHash(commit) },
      ...(repo ? { repository: this.repositoryCondensed(repo) } : {}),
    };
  }

  participant(participant: BbParticipant): JsonObject {
    return {
      type: 'participant',
      user: this.account(participant.userUuid),
      role: participant.role,
      approved: participant.approved,
      ...(participant.state ? { state: participant.state } : {}),
      ...(participant.participatedOn !== null
        ? { participated_on: iso(participant.participatedOn) }
        : {}),
    };
  }

  /**
   * A pull request. `withPeople` adds `reviewers` and `participants`, which
   * the vendor includes on the PR's self URL but not in the collection.
   */
  pullRequest(pr: BbPullRequest, withPeople: boolean): JsonObject {
    const repo = this.index.repos.get(pr.repoUuid);
    const base = this.prBase(pr);
    const markdown = (raw: string): JsonObject => ({
      raw,
      markup: 'markdown',
      html: raw ? `<p>${raw}</p>` : '',
    });
    return {
      type: 'pullrequest',
      id: pr.id,
      title: pr.title,
      // Real answers carry a top-level `description` next to `summary`
      // (the spec lists only `summary`); the contract test allows it.
      description: pr.description,
      summary: markdown(pr.description),
      rendered: {
        title: markdown(pr.title),
        description: markdown(pr.description),
      },
      state: pr.state,
      draft: pr.draft,
      queued: false,
      author: this.account(pr.authorUuid),
      source: this.endpoint(
        pr.sourceRepoUuid,
        pr.sourceBranch,
        pr.sourceCommit,
      ),
      destination: {
        ...this.endpoint(
          pr.repoUuid,
          pr.destinationBranch,
          pr.destinationCommit,
        ),
        branch: {
          name: pr.destinationBranch,
          merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
          default_merge_strategy: 'merge_commit',
        },
      },
      ...(pr.mergeCommit
        ? { merge_commit: { hash: shortHash(pr.mergeCommit) } }
        : {}),
      ...(pr.closedByUuid ? { closed_by: this.account(pr.closedByUuid) } : {}),
      reason: pr.reason ?? '',
      close_source_branch: pr.closeSourceBranch,
      comment_count: pr.commentCount,
      task_count: pr.taskCount,
      created_on: iso(pr.createdOn),
      updated_on: iso(pr.updatedOn),
      ...(withPeople
        ? {
            reviewers: pr.participants
              .filter((p) => p.role === 'REVIEWER')
              .map((p) => this.account(p.userUuid)),
            participants: pr.participants.map((p) => this.participant(p)),
          }
        : {}),
      links: {
        self: this.api(base),
        html: href(
          `${WEB}/${repo?.workspaceSlug}/${repo?.slug}/pull-requests/${pr.id}`,
        ),
        commits: this.api(`${base}/commits`),
        approve: this.api(`${base}/approve`),
        diff: this.api(`${base}/diff`),
        diffstat: this.api(`${base}/diffstat`),
        comments: this.api(`${base}/comments`),
        activity: this.api(`${base}/activity`),
        merge: this.api(`${base}/merge`),
        decline: this.api(`${base}/decline`),
      },
    };
  }

  private activityCommit(repoUuid: string, hash: string): JsonObject {
    const repo = this.index.repos.get(repoUuid);
    const short = shortHash(hash);
    return {
      type: 'commit',
      hash: short,
      links: {
        self: this.api(
          `/repositories/${repo?.workspaceSlug}/${repo?.slug}/commit/${short}`,
        ),
        html: href(
          `${WEB}/${repo?.workspaceSlug}/${repo?.slug}/commits/${short}`,
        ),
      },
    };
  }

  /** One activity entry, in the shapes of the endpoint's narrative examples. */
  activity(pr: BbPullRequest, entry: BbActivity): JsonObject {
    const pullRequest = this.prCondensed(pr);
    switch (entry.kind) {
      case 'update': {
        const side = (
          repoUuid: string,
          branch: string,
          commit: string,
        ): JsonObject => {
          const repo =
            this.index.repos.get(repoUuid) ??
            this.index.deletedRepos.get(repoUuid);
          return {
            commit: this.activityCommit(repoUuid, commit),
            branch: { name: branch },
            ...(repo ? { repository: this.repositoryCondensed(repo) } : {}),
          };
        };
        return {
          update: {
            description: pr.description,
            title: pr.title,
            destination: side(
              pr.repoUuid,
              pr.destinationBranch,
              entry.destinationCommit,
            ),
            source: side(
              pr.sourceRepoUuid,
              pr.sourceBranch,
              entry.sourceCommit,
            ),
            state: entry.state,
            author: this.account(entry.authorUuid),
            date: iso(entry.date),
            ...(entry.state === 'DECLINED' && pr.reason
              ? { reason: pr.reason }
              : {}),
          },
          pull_request: pullRequest,
        };
      }
      case 'approval':
        return {
          approval: {
            date: iso(entry.date),
            pullrequest: pullRequest,
            user: this.account(entry.userUuid),
          },
          pull_request: pullRequest,
        };
      case 'changes_requested':
        return {
          changes_requested: {
            date: iso(entry.date),
            pullrequest: pullRequest,
            user: this.account(entry.userUuid),
          },
          pull_request: pullRequest,
        };
      case 'comment':
        return {
          comment: {
            type: 'pullrequest_comment',
            id: entry.commentId,
            deleted: false,
            content: {
              type: 'rendered',
              raw: entry.text,
              markup: 'markdown',
              html: `<p>${entry.text}</p>`,
            },
            created_on: iso(entry.date),
            updated_on: iso(entry.date),
            user: this.account(entry.userUuid),
            pullrequest: pullRequest,
            links: {
              self: this.api(`${this.prBase(pr)}/comments/${entry.commentId}`),
            },
          },
          pull_request: pullRequest,
        };
    }
  }

  /** A commit (full hash) as the commits resources list it. */
  commit(commit: BbCommit): JsonObject {
    const repo = this.index.repos.get(commit.repoUuid);
    const base = `/repositories/${repo?.workspaceSlug}/${repo?.slug}`;
    const firstLine = commit.message.split('\n')[0];
    return {
      type: 'commit',
      hash: commit.hash,
      date: iso(commit.date),
      author: {
        type: 'author',
        raw: commit.authorRaw,
        ...(commit.authorUuid ? { user: this.account(commit.authorUuid) } : {}),
      },
      message: commit.message,
      summary: {
        raw: commit.message,
        markup: 'markdown',
        html: `<p>${firstLine}</p>`,
      },
      ...(repo?.commitsWithoutParents
        ? {}
        : {
            parents: commit.parents.map((hash) => ({
              type: 'commit',
              hash,
              links: { self: this.api(`${base}/commit/${hash}`) },
            })),
          }),
      ...(repo ? { repository: this.repositoryCondensed(repo) } : {}),
      links: {
        self: this.api(`${base}/commit/${commit.hash}`),
        html: href(
          `${WEB}/${repo?.workspaceSlug}/${repo?.slug}/commits/${commit.hash}`,
        ),
      },
    };
  }

  /**
   * API 1.0 group (`GET /1.0/groups/{workspace}`), in the shape the older
   * integration consumed: `{name, slug, permission, auto_add, owner, members}`.
   */
  groupV1(group: BbGroup): JsonObject {
    const userV1 = (uuid: string): JsonObject => {
      const user = this.index.users.get(uuid);
      return {
        display_name: user?.displayName ?? 'Former user',
        uuid,
        nickname: user?.nickname ?? 'former-user',
        account_id: user?.accountId ?? '',
        is_team: false,
        avatar: `${AVATAR}/${user?.nickname ?? 'former-user'}`,
        resource_uri: `/1.0/users/${encodeURIComponent(uuid)}`,
      };
    };
    return {
      name: group.name,
      slug: group.slug,
      permission: group.permission,
      auto_add: group.autoAdd,
      email_forwarding_disabled: false,
      owner: userV1(group.ownerUuid),
      members: group.memberUuids.map(userV1),
    };
  }
}
