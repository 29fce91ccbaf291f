/**
 * Jest globalSetup/globalTeardown: fails the test run if any test changed
 * the project's `.env` or anything in its `.j1-integration/` (the user's
 * configuration and collected data). Tests use temporary folders and
 * explicit environments instead.
 */
const { createHash } = require('crypto');
const { existsSync, readdirSync, readFileSync, statSync } = require('fs');
const { join, relative } = require('path');

const root = join(__dirname, '..', '..');
const watched = [join(root, '.env'), join(root, '.j1-integration')];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

function fingerprint() {
  const entries = {};
  for (const path of watched) {
    for (const file of files(path)) {
      entries[relative(root, file)] = createHash('sha256')
        .update(readFileSync(file))
        .digest('hex');
    }
  }
  return entries;
}

async function setup() {
  globalThis.__PROJECT_FILES__ = fingerprint();
}

async function teardown() {
  const before = globalThis.__PROJECT_FILES__ || {};
  const after = fingerprint();
  const changed = [
    ...new Set([...Object.keys(before), ...Object.keys(after)]),
  ].filter((file) => before[file] !== after[file]);
  if (changed.length > 0) {
    throw new Error(
      `The tests changed the project's own files, which belong to the user: ${changed.join(
        ', ',
      )}. Tests must use temporary folders and explicit environments.`,
    );
  }
}

module.exports = { setup, teardown, fingerprint };
