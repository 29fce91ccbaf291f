/**
 * The parameterised `large` CircleCI account for the benchmark: the demo's
 * shapes repeated at `LargeDatasetParams` sizes. Bitbucket organizations map
 * one-to-one onto the Bitbucket dataset's workspaces (projects build their
 * real repositories, pipelines build real PR commits); organizations beyond
 * the number of workspaces are GitHub organizations.
 */
import { BitbucketDatasetRefs, LargeDatasetParams } from '../types';
import { CircleCIDatasetBuilder, DAY_MS, HOUR_MS, MINUTE_MS } from './builder';
import {
  CircleCICollaboration,
  CircleCIJob,
  CircleCIProjectRecord,
  CircleCIUser,
} from './types';
import { CircleCIData } from './types';
import { addLargeDeploys } from './large-deploys';
import { ENV_VAR_POOL } from './listings/project-env-vars';
import { PROJECT_LISTINGS } from './listings/registry';

/** Pipelines are spread evenly over this many days before the reference time. */
export const LARGE_PIPELINE_SPAN_DAYS = 45;
const GITHUB_USERS_PER_ORG = 6;

interface OrgPlan {
  org: CircleCICollaboration;
  users: CircleCIUser[];
  repos: Array<{
    name: string;
    url: string;
    mainBranch: string;
    pullRequests: BitbucketDatasetRefs['repos'][number]['pullRequests'];
  }>;
}

function planOrgs(
  b: CircleCIDatasetBuilder,
  refs: BitbucketDatasetRefs,
  params: LargeDatasetParams,
): OrgPlan[] {
  const workspaces = [...new Set(refs.repos.map((r) => r.workspace))];
  const projectsPerOrg = params.projectsPerOrg * params.scale;
  const plans: OrgPlan[] = [];
  for (let i = 0; i < params.orgs; i += 1) {
    const workspace = workspaces[i];
    if (workspace !== undefined) {
      const org = b.org('bitbucket', workspace);
      const users = refs.members
        .filter((m) => m.workspace === workspace)
        .map((m) => b.user(m.nickname, m.displayName));
      if (users.length === 0) users.push(b.user(`${workspace}-ci`, 'CI Bot'));
      const repos = refs.repos
        .filter((r) => r.workspace === workspace)
        .slice(0, projectsPerOrg)
        .map((r) => ({
          name: r.repoSlug,
          url: `https://bitbucket.org/${r.workspace}/${r.repoSlug}`,
          mainBranch: r.mainBranch,
          pullRequests: r.pullRequests,
        }));
      plans.push({ org, users, repos });
    } else {
      const name = `sandbox-gh-org-${i + 1}`;
      const org = b.org('github', name);
      const users = Array.from({ length: GITHUB_USERS_PER_ORG }, (_, u) =>
        b.user(`${name}-dev-${u + 1}`, `Developer ${u + 1} (${name})`),
      );
      const repos = Array.from({ length: projectsPerOrg }, (_, r) => ({
        name: `service-${r + 1}`,
        url: `https://github.com/${name}/service-${r + 1}`,
        mainBranch: 'main',
        pullRequests: [],
      }));
      plans.push({ org, users, repos });
    }
  }
  return plans;
}

export function buildCircleCILarge(
  b: CircleCIDatasetBuilder,
  refs: BitbucketDatasetRefs,
  params: LargeDatasetParams,
): CircleCIData {
  const plans = planOrgs(b, refs, params);
  const deletedUserId = b.deletedUser();
  const me = plans[0]?.users[0] ?? b.user('sandbox-admin', 'Sandbox Admin');
  const spanMs = LARGE_PIPELINE_SPAN_DAYS * DAY_MS;

  for (const plan of plans) {
    const projects: CircleCIProjectRecord[] = [];
    plan.repos.forEach((repo, index) => {
      // Listing records are drawn before the project (their seeded order).
      const listings: CircleCIProjectRecord['listings'] = {};
      for (const listing of PROJECT_LISTINGS) {
        if (!listing.large) continue;
        listings[listing.name] = listing.large({
          index,
          random: b.random,
          iso: (ageMs) => b.iso(ageMs),
        });
      }
      const project = b.project({
        org: plan.org,
        repoName: repo.name,
        vcsUrl: repo.url,
        defaultBranch: repo.mainBranch,
        // Every tenth project is not followed (insights-only discovery).
        followed: index % 10 !== 9,
        settings:
          index % 7 === 6
            ? 'forbidden'
            : { forks_receive_secret_env_vars: index % 5 === 4 },
        listings,
      });
      projects.push(project);
      const pipelineCount = params.pipelinesPerProject;
      for (let p = 0; p < pipelineCount; p += 1) {
        const ageMs = Math.floor(
          ((p + b.random.next()) * spanMs) / Math.max(pipelineCount, 1),
        );
        const actor = b.random.pick(plan.users);
        const pr =
          repo.pullRequests.length > 0
            ? repo.pullRequests[p % repo.pullRequests.length]
            : undefined;
        // Alternate between a PR's merge commit on the main branch and a
        // PR's source commit on its branch (with review_id).
        const buildsSource =
          pr !== undefined && (p % 2 === 1 || !pr.mergeCommit);
        const pipeline = b.pipeline(project, {
          ageMs,
          actor,
          branch: buildsSource && pr ? pr.sourceBranch : repo.mainBranch,
          revision: buildsSource
            ? pr?.sourceCommit ?? b.random.hex(40)
            : pr?.mergeCommit ?? b.random.hex(40),
          reviewId: buildsSource ? pr?.id : undefined,
          subject: `Change ${p + 1} to ${repo.name}`,
        });
        for (let w = 0; w < params.workflowsPerPipeline; w += 1) {
          const last = w === params.workflowsPerPipeline - 1;
          const waiting = last && p === 0;
          const canceled = !waiting && p % 11 === 10 && w === 0;
          const workflow = b.workflow(pipeline, {
            name: last ? 'deploy' : `build-${w + 1}`,
            status: waiting ? 'on_hold' : canceled ? 'canceled' : 'success',
            startedBy: actor.id,
            canceledBy: canceled ? actor.id : undefined,
            startOffsetMs: w * MINUTE_MS,
          });
          let previous: CircleCIJob | undefined;
          for (let j = 0; j < params.jobsPerWorkflow; j += 1) {
            // The deploy workflow gates its last job behind an approval.
            const approval = last && j === params.jobsPerWorkflow - 1;
            const canceledJob = canceled && j === params.jobsPerWorkflow - 1;
            previous = b.job(workflow, {
              name: approval ? 'hold-production' : `job-${j + 1}`,
              type: approval ? 'approval' : 'build',
              status: approval
                ? waiting
                  ? 'on_hold'
                  : 'success'
                : canceledJob
                ? 'canceled'
                : 'success',
              approvedBy:
                approval && !waiting ? b.random.pick(plan.users).id : undefined,
              canceledBy: canceledJob
                ? p % 2 === 0
                  ? deletedUserId
                  : actor.id
                : undefined,
              dependencies: previous ? [previous] : [],
              startOffsetMs: j * 2 * MINUTE_MS,
            });
          }
        }
      }
    });

    // Three contexts per org: project-restricted, expression-restricted and
    // unrestricted.
    const restricted = projects.slice(0, 2);
    b.context(
      plan.org,
      'deploy-secrets',
      300 * DAY_MS,
      ENV_VAR_POOL.slice(0, 3),
      restricted.map((project) => ({ type: 'project' as const, project })),
    );
    b.context(
      plan.org,
      'release-secrets',
      200 * DAY_MS,
      ENV_VAR_POOL.slice(2, 5),
      [{ type: 'expression', expression: 'pipeline.git.branch == "main"' }],
    );
    b.context(plan.org, 'shared', 100 * HOUR_MS, ENV_VAR_POOL.slice(4, 6), []);
  }

  const data = b.build(me);
  addLargeDeploys(b, data);
  return data;
}
