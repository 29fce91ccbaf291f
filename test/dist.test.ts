import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');

/**
 * The managed runtime loads the compiled package with plain Node (no
 * ts-node), so build dist/ and require its invocationConfig in a separate
 * Node process: jest's module system would hide a missing file or a
 * TypeScript-only import.
 */
test('npm run build emits a dist/ whose invocationConfig loads with plain Node', () => {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: 'pipe',
  });
  for (const file of [
    'src/index.js',
    'src/index.d.ts',
    'package.json',
    'README.md',
    'docs/jupiterone.md',
    'jupiterone/questions/questions.yaml',
  ]) {
    expect(existsSync(join(root, 'dist', file))).toBe(true);
  }
  const script = `
    const { invocationConfig } = require('./dist');
    process.stdout.write(JSON.stringify({
      fields: Object.keys(invocationConfig.instanceConfigFields),
      steps: invocationConfig.integrationSteps.map((s) => s.id),
      validate: typeof invocationConfig.validateInvocation,
      startStates: typeof invocationConfig.getStepStartStates,
    }));
  `;
  const out = JSON.parse(
    execFileSync(process.execPath, ['-e', script], {
      cwd: root,
      env: {
        ...process.env,
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      },
    }).toString(),
  );
  const { invocationConfig } = jest.requireActual('../src/index');
  expect(out).toEqual({
    fields: Object.keys(invocationConfig.instanceConfigFields),
    steps: invocationConfig.integrationSteps.map((s: { id: string }) => s.id),
    validate: 'function',
    startStates: 'function',
  });
  expect(out.fields).toContain('circleciApiKey');
});
