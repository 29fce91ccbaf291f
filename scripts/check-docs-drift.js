// Fails when docs/jupiterone.md is not what `npm run document` generates from
// the step metadata, without touching the working copy: the generator runs
// on a temporary copy and the two files are compared.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const docPath = path.join(root, 'docs', 'jupiterone.md');
// `document -o` is resolved relative to the project, so the scratch copy
// lives in an ignored folder inside it.
const tmp = fs.mkdtempSync(path.join(root, '.docs-check-'));
const generated = path.join(tmp, 'jupiterone.md');

try {
  fs.copyFileSync(docPath, generated);
  const options = {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
  };
  execFileSync(
    bin('j1-integration'),
    ['document', '-p', root, '-o', path.relative(root, generated)],
    options,
  );
  execFileSync(bin('prettier'), ['--write', generated], options);
  if (fs.readFileSync(docPath, 'utf8') !== fs.readFileSync(generated, 'utf8')) {
    console.error(
      'docs/jupiterone.md is out of date with the step metadata. Run `npm run document` and commit the result.',
    );
    spawnSync('diff', ['-u', docPath, generated], { stdio: 'inherit' });
    process.exitCode = 1;
  } else {
    console.log('docs/jupiterone.md matches the step metadata.');
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
