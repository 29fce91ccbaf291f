/**
 * The demo's pull requests, scripted event by event (pull-request-builder.ts):
 * the six hard cases of demo-cases.ts plus PRs in every state, a draft, a
 * changes-requested review and PRs older than the 90-day lookback.
 */
import {
  CONTRACTOR_RAW,
  DEMO_WORKSPACES,
  eng,
  labs,
  userUuid as u,
} from './demo-ids';
import { questionCasePullRequests } from './demo-question-cases';
import { BbRepo } from './model';
import {
  buildRepositoryHistory,
  BuildContext,
  CommitSpec,
  PrPlan,
} from './pull-request-builder';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

export function buildDemoPullRequests(
  context: BuildContext,
  repo: (fullName: string) => BbRepo,
  referenceTime: number,
): void {
  const ago = (days: number, hours = 0): number =>
    referenceTime - days * DAY + hours * HOUR;
  const by = (
    nickname: string,
    label: string,
    message: string,
  ): CommitSpec => ({
    label,
    author: { uuid: u(nickname) },
    message,
  });
  const base = (nickname: string): CommitSpec[] => [
    by(nickname, 'base-1', 'Initial commit'),
    by(nickname, 'base-2', 'Add build configuration'),
    by(nickname, 'base-3', 'Add README'),
  ];
  const plan = (
    fullName: string,
    id: number,
    fields: Partial<PrPlan> & Pick<PrPlan, 'title' | 'authorUuid' | 'events'>,
  ): PrPlan => ({
    repo: repo(fullName),
    sourceRepo: repo(fullName),
    id,
    description: `${fields.title}.`,
    sourceBranch: `feature/pr-${id}`,
    draft: false,
    reviewerUuids: [],
    closeSourceBranch: true,
    taskCount: 0,
    ...fields,
  });

  const helpers = { referenceTime, repo, plan, by };

  const myService = eng('my-service');
  buildRepositoryHistory(context, repo(myService), base('alice'), ago(380), [
    plan(myService, 1, {
      title: 'Add rate limiting',
      authorUuid: u('alice'),
      sourceBranch: 'feature/rate-limiting',
      reviewerUuids: [u('bob'), u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(10),
          byUuid: u('alice'),
          commits: [
            by('alice', 'c1', 'Add token bucket'),
            by('alice', 'c2', 'Wire rate limiter into router'),
          ],
        },
        { kind: 'approve', at: ago(9), userUuid: u('bob') },
        {
          kind: 'comment',
          at: ago(9, 2),
          userUuid: u('carol'),
          text: 'Looks good; maybe log rejections?',
        },
      ],
    }),
    plan(myService, 2, {
      title: 'Bump dependencies',
      authorUuid: u('frank'),
      sourceBranch: 'chore/bump-deps',
      reviewerUuids: [u('alice')],
      taskCount: 1,
      events: [
        {
          kind: 'push',
          at: ago(8),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Bump dependencies')],
        },
        { kind: 'approve', at: ago(8, 1), userUuid: u('frank') },
      ],
    }),
    plan(myService, 3, {
      title: 'Cache tenant lookups',
      authorUuid: u('carol'),
      sourceBranch: 'feature/tenant-cache',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(7),
          byUuid: u('carol'),
          commits: [by('carol', 'c1', 'Cache tenant lookups')],
        },
        { kind: 'approve', at: ago(6), userUuid: u('bob') },
        {
          kind: 'push',
          at: ago(5),
          byUuid: u('carol'),
          commits: [by('carol', 'c2', 'Tune cache TTL')],
        },
      ],
    }),
    plan(myService, 4, {
      title: 'Add health endpoint',
      authorUuid: u('bob'),
      sourceBranch: 'feature/health',
      reviewerUuids: [u('alice'), u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(30),
          byUuid: u('bob'),
          commits: [by('bob', 'c1', 'Add /health')],
        },
        { kind: 'approve', at: ago(29), userUuid: u('alice') },
        { kind: 'approve', at: ago(29, 2), userUuid: u('carol') },
        { kind: 'merge', at: ago(28), userUuid: u('alice') },
      ],
    }),
    plan(myService, 5, {
      title: 'Rewrite config loader',
      authorUuid: u('frank'),
      sourceBranch: 'feature/config-loader',
      closeSourceBranch: false,
      events: [
        {
          kind: 'push',
          at: ago(20),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'New config loader')],
        },
        {
          kind: 'comment',
          at: ago(19, 20),
          userUuid: u('alice'),
          text: 'We agreed to keep the old loader.',
        },
        {
          kind: 'decline',
          at: ago(19),
          userUuid: u('alice'),
          reason: 'Keeping the current loader',
        },
      ],
    }),
    plan(myService, 6, {
      title: 'Initial service skeleton',
      authorUuid: u('alice'),
      sourceBranch: 'feature/skeleton',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(151),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Service skeleton')],
        },
        { kind: 'approve', at: ago(150, 12), userUuid: u('bob') },
        { kind: 'merge', at: ago(150), userUuid: u('alice') },
      ],
    }),
  ]);

  const webApp = eng('web-app');
  buildRepositoryHistory(context, repo(webApp), base('dana'), ago(360), [
    plan(webApp, 1, {
      title: 'WIP: new checkout flow',
      authorUuid: u('dana'),
      sourceBranch: 'feature/checkout',
      draft: true,
      events: [
        {
          kind: 'push',
          at: ago(2),
          byUuid: u('dana'),
          commits: [by('dana', 'c1', 'Checkout flow scaffolding')],
        },
      ],
    }),
    plan(webApp, 2, {
      title: 'Refactor session handling',
      authorUuid: u('bob'),
      sourceBranch: 'feature/sessions',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(12),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1', 'Extract session store'),
            by('bob', 'c2', 'Use session store in middleware'),
          ],
        },
        { kind: 'approve', at: ago(11), userUuid: u('alice') },
        {
          kind: 'force-push',
          at: ago(10),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1-rewritten', 'Extract session store (rebased)'),
            by('bob', 'c2-rewritten', 'Use session store everywhere'),
          ],
        },
      ],
    }),
    plan(webApp, 3, {
      title: 'Dark mode',
      authorUuid: u('dana'),
      // Opened from the fork in the other workspace.
      sourceRepo: repo(`${DEMO_WORKSPACES.labs}/web-app-fork`),
      sourceBranch: 'feature/dark-mode',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(5),
          byUuid: u('dana'),
          commits: [
            by('dana', 'c1', 'Add dark palette'),
            by('dana', 'c2', 'Theme switcher'),
          ],
        },
        { kind: 'approve', at: ago(4), userUuid: u('alice') },
      ],
    }),
    plan(webApp, 4, {
      title: 'Accessibility fixes',
      authorUuid: u('carol'),
      sourceBranch: 'fix/a11y',
      reviewerUuids: [u('bob'), u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(16),
          byUuid: u('carol'),
          commits: [
            by('carol', 'c1', 'Label form inputs'),
            by('carol', 'c2', 'Fix contrast'),
          ],
        },
        { kind: 'approve', at: ago(15, 6), userUuid: u('bob') },
        { kind: 'approve', at: ago(15, 8), userUuid: u('alice') },
        { kind: 'merge', at: ago(15), userUuid: u('bob') },
      ],
    }),
    plan(webApp, 5, {
      title: 'Old analytics integration',
      authorUuid: u('frank'),
      sourceBranch: 'feature/analytics',
      events: [
        {
          kind: 'push',
          at: ago(41),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Analytics snippet')],
        },
        { kind: 'supersede', at: ago(40), userUuid: u('frank') },
      ],
    }),
    plan(webApp, 6, {
      title: 'Bootstrap the app',
      authorUuid: u('dana'),
      sourceBranch: 'feature/bootstrap',
      reviewerUuids: [u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(201),
          byUuid: u('dana'),
          commits: [by('dana', 'c1', 'Bootstrap')],
        },
        { kind: 'approve', at: ago(200, 12), userUuid: u('carol') },
        { kind: 'merge', at: ago(200), userUuid: u('dana') },
      ],
    }),
    ...questionCasePullRequests(webApp, helpers),
  ]);

  const gateway = eng('api-gateway');
  buildRepositoryHistory(context, repo(gateway), base('bob'), ago(340), [
    plan(gateway, 1, {
      title: 'Vendor SDK upgrade',
      authorUuid: u('bob'),
      sourceBranch: 'feature/sdk-upgrade',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(6),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1', 'Prepare SDK upgrade'),
            {
              label: 'c2',
              author: { raw: CONTRACTOR_RAW },
              message: 'Regenerate SDK bindings',
            },
            by('mallory', 'c3', 'Patch generated client'),
          ],
        },
        { kind: 'approve', at: ago(5), userUuid: u('alice') },
      ],
    }),
    plan(gateway, 2, {
      title: 'Experimental HTTP/3',
      authorUuid: u('carol'),
      sourceBranch: 'spike/http3',
      events: [
        {
          kind: 'push',
          at: ago(26),
          byUuid: u('carol'),
          commits: [by('carol', 'c1', 'HTTP/3 spike')],
        },
        {
          kind: 'decline',
          at: ago(25),
          userUuid: u('bob'),
          reason: 'Not now',
        },
      ],
    }),
    plan(gateway, 3, {
      title: 'Timeout tuning',
      authorUuid: u('frank'),
      sourceBranch: 'fix/timeouts',
      reviewerUuids: [u('carol'), u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(3),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Lower upstream timeout')],
        },
        { kind: 'request-changes', at: ago(2, 4), userUuid: u('carol') },
        {
          kind: 'comment',
          at: ago(2, 5),
          userUuid: u('carol'),
          text: 'Needs a test.',
        },
      ],
    }),
    ...questionCasePullRequests(gateway, helpers),
  ]);

  const billing = eng('legacy-billing');
  buildRepositoryHistory(context, repo(billing), base('alice'), ago(390), [
    plan(billing, 1, {
      title: 'Invoice rounding fix',
      authorUuid: u('alice'),
      sourceBranch: 'fix/rounding',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(61),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Round half even')],
        },
        { kind: 'approve', at: ago(60, 6), userUuid: u('bob') },
        { kind: 'merge', at: ago(60), userUuid: u('alice') },
      ],
    }),
    plan(billing, 2, {
      title: 'Migrate to new tax API',
      authorUuid: u('bob'),
      sourceBranch: 'feature/tax-api',
      // Still open, but untouched for longer than the 90-day lookback.
      events: [
        {
          kind: 'push',
          at: ago(100),
          byUuid: u('bob'),
          commits: [by('bob', 'c1', 'Tax API client')],
        },
      ],
    }),
  ]);

  const docs = eng('docs-site');
  buildRepositoryHistory(context, repo(docs), base('alice'), ago(300), [
    plan(docs, 1, {
      title: 'Document rate limits',
      authorUuid: u('alice'),
      sourceBranch: 'docs/rate-limits',
      reviewerUuids: [u('frank')],
      events: [
        {
          kind: 'push',
          at: ago(6),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Rate limit docs')],
        },
        { kind: 'approve', at: ago(5, 12), userUuid: u('frank') },
        { kind: 'merge', at: ago(5), userUuid: u('alice') },
      ],
    }),
  ]);

  buildRepositoryHistory(
    context,
    repo(labs('experiments')),
    base('erin'),
    ago(280),
    [
      plan(labs('experiments'), 1, {
        title: 'Try new tokenizer',
        authorUuid: u('erin'),
        sourceBranch: 'spike/tokenizer',
        events: [
          {
            kind: 'push',
            at: ago(1),
            byUuid: u('erin'),
            commits: [by('erin', 'c1', 'Tokenizer experiment')],
          },
        ],
      }),
      plan(labs('experiments'), 2, {
        title: 'Seed notebook',
        authorUuid: u('grace'),
        sourceBranch: 'feature/seed',
        events: [
          {
            kind: 'push',
            at: ago(121),
            byUuid: u('grace'),
            commits: [by('grace', 'c1', 'Seed notebook')],
          },
          // No approval restriction on main: merged unreviewed.
          { kind: 'merge', at: ago(120), userUuid: u('grace') },
        ],
      }),
    ],
  );

  // The fork starts at web-app's history; its own main line is not modelled
  // beyond the commit it was forked from.
  repo(labs('web-app-fork')).mainHead = repo(webApp).mainHead;

  const notebooks = labs('ml-notebooks');
  buildRepositoryHistory(context, repo(notebooks), base('dana'), ago(260), [
    plan(notebooks, 1, {
      title: 'Training pipeline',
      authorUuid: u('dana'),
      sourceBranch: 'feature/training',
      reviewerUuids: [u('erin')],
      events: [
        {
          kind: 'push',
          at: ago(46),
          byUuid: u('dana'),
          commits: [
            by('dana', 'c1', 'Training loop'),
            by('grace', 'c2', 'Metrics'),
          ],
        },
        { kind: 'approve', at: ago(45, 6), userUuid: u('erin') },
        { kind: 'merge', at: ago(45), userUuid: u('dana') },
      ],
    }),
    plan(notebooks, 2, {
      title: 'GPU scheduling',
      authorUuid: u('grace'),
      sourceBranch: 'feature/gpu',
      events: [
        {
          kind: 'push',
          at: ago(96),
          byUuid: u('grace'),
          commits: [by('grace', 'c1', 'GPU scheduler')],
        },
        {
          kind: 'decline',
          at: ago(95),
          userUuid: u('dana'),
          reason: 'Moved to the platform team',
        },
      ],
    }),
  ]);
}
