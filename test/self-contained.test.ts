import { createHash } from 'crypto';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const root = join(__dirname, '..');

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => files(join(path, name)));
}

/**
 * A clone of the repository works on its own: nothing the product, the tests
 * or the scripts read or cite lives outside it (such as the reference folder
 * some checkouts have beside the clone, one level up, named "shared").
 */
test('no file in src/, test/, scripts/, .ci/ or jest.config.js refers to the folder beside the clone', () => {
  const self = __filename;
  // Built from parts so that this file does not name the folder itself. Any
  // path that climbs out and starts with that name counts, a sibling module
  // such as shared-<something> included: a reader cannot tell them apart.
  const outside = new RegExp(['\\.\\.', 'shared'].join('/'));
  const offenders = ['src', 'test', 'scripts', '.ci', 'jest.config.js']
    .flatMap((entry) => files(join(root, entry)))
    .filter((file) => file !== self)
    .filter((file) => outside.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  expect(offenders).toEqual([]);
});

test('the vendor specs in the repository are the ones SOURCES.md names, byte for byte', () => {
  const dir = join(root, 'test', 'sandbox', 'contract', 'specs');
  const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
  const specs = readdirSync(dir).filter((name) => name.endsWith('.json'));
  expect(specs.sort()).toEqual([
    'bitbucket-cloud-2.0.openapi.json',
    'circleci-v2.openapi.json',
  ]);
  for (const name of specs) {
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex');
    expect(sources).toMatch(
      new RegExp(`\`${name.replace(/\./g, '\\.')}\`.*\`${sha256}\``),
    );
  }
});
