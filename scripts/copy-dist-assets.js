// Completes dist/ after tsc: the managed runtime loads the package from dist/
// with plain Node, and the CLI's `document`/`validate-question-file` read
// docs/ and jupiterone/ next to package.json.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

const pkg = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
);
delete pkg.devDependencies;
delete pkg.scripts;
pkg.main = 'src/index.js';
pkg.types = 'src/index.d.ts';
pkg.files = ['src', 'docs', 'jupiterone'];
fs.writeFileSync(
  path.join(dist, 'package.json'),
  JSON.stringify(pkg, null, 2) + '\n',
);

fs.copyFileSync(path.join(root, 'README.md'), path.join(dist, 'README.md'));
for (const dir of ['docs', 'jupiterone']) {
  fs.cpSync(path.join(root, dir), path.join(dist, dir), { recursive: true });
}
