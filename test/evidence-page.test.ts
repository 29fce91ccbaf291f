import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { spawnSync } from 'child_process';
import { writeEvidencePage } from '../scripts/evidence/page';
import { collectDemoInto } from './demo-collection';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The evidence page in a real headless Chromium (Debian's package, which
 * .ci/run installs) with every non-file request aborted: it must render
 * the answers and the graph with no console error and no network.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) {
  console.warn(
    `SKIPPED the evidence page browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}
const browserTest = haveBrowser ? test : test.skip;

describe('evidence page', () => {
  let dir: string;
  let page: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-page-'));
    expect(await collectDemoInto(dir)).toEqual([]);
    page = join(dir, 'evidence.html');
    writeEvidencePage(dir, page, { now: SANDBOX_REFERENCE_TIME + 3600_000 });
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is one self-contained file', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(
      /<script[^>]+src=|<link[^>]+href=|https?:\/\/unpkg/,
    );
    expect(html).toContain('new vis.Network(');
    expect(html).toContain("default-src 'none'");
  });

  browserTest(
    'loads offline in headless Chromium, shows the answers and the graph, and links rows to the graph',
    () => {
      const args = [join(__dirname, 'evidence-browser.js'), CHROMIUM, page];
      if (process.env.EVIDENCE_SCREENSHOT) {
        args.push(process.env.EVIDENCE_SCREENSHOT);
      }
      const run = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const seen = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(seen.errors).toEqual([]);
      expect(seen.blocked).toEqual([]);
      expect(seen.themes).toEqual([
        'access',
        'approvals',
        'CI secrets',
        'deploys',
      ]);
      expect(seen.approvals).toContain(
        'Approvals required but merge checks not enforced',
      );
      expect(seen.approvals).toContain('acme-eng/api-gateway');
      expect(seen.legend).toContain('bitbucket_repo');
      expect(seen.legend).toContain('Person (mapped target)');
      expect(seen.legend).toContain('A dashed box is a mapped target');
      expect(seen.canvases).toBe(1);
      expect(seen.initialStatus).toMatch(/^Showing (\d+) of \1 nodes$/);
      expect(seen.afterRowLink).toBe(
        // ml-notebooks' users (repo ALLOWS user) and main-branch
        // protection are its neighbours too.
        'Neighbourhood of ml-notebooks, require_approvals_to_merge main… (11 nodes)',
      );
      expect(seen.afterSearch).toMatch(/^Neighbourhood of .*api-gateway/);
      expect(seen.afterVendor).toMatch(/^Showing \d+ of \d+ nodes$/);
      expect(seen.afterVendor).not.toEqual(seen.initialStatus);
    },
    120_000,
  );
});
