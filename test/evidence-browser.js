// Loads the evidence page in headless Chromium with every non-file request
// aborted and prints what a reader sees, as JSON, for
// test/evidence-page.test.ts. A separate Node process because
// playwright-core needs Node's fetch globals, which jest's sandbox hides.
// Usage: node test/evidence-browser.js <chromium> <page.html> [screenshot.png]
const { chromium } = require('playwright-core');

async function main([executablePath, page, screenshot]) {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const tab = await browser.newPage({
      viewport: { width: 1600, height: 1000 },
    });
    const errors = [];
    const blocked = [];
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await tab.goto(`file://${page}`);
    await tab.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    const seen = {
      themes: await tab.$$eval('#answers h2', (hs) =>
        hs.map((h) => h.textContent),
      ),
      approvals: await tab.textContent(
        '#managed-question-bitbucket-default-branch-without-required-approvals',
      ),
      legend: await tab.textContent('#legend'),
      canvases: (await tab.$$('#graph canvas')).length,
      initialStatus: await tab.textContent('#graph-status'),
    };
    await tab.click(
      '#managed-question-bitbucket-approval-restrictions-fewer-than-two a.focus',
    );
    seen.afterRowLink = await tab.textContent('#graph-status');
    await tab.fill('#search', 'api-gateway');
    seen.afterSearch = await tab.textContent('#graph-status');
    await tab.click('#show-all');
    await tab.selectOption('#vendor', 'CircleCI');
    seen.afterVendor = await tab.textContent('#graph-status');
    if (screenshot) {
      await tab.click('#show-all');
      await tab.click(
        '#managed-question-bitbucket-default-branch-without-required-approvals a.focus',
      );
      await tab.screenshot({ path: screenshot });
    }
    seen.errors = errors;
    seen.blocked = blocked;
    process.stdout.write(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
