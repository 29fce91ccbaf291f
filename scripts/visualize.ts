/**
 * `npm run visualize`: the picture of the last collection,
 * `.j1-integration/index.html`, with vis-network inlined from npm so it
 * opens offline (`j1-integration visualize` loads it from a CDN).
 */
import { join } from 'path';
import { PROJECT_ROOT, writePicture } from './lib/collect-run';

async function main(): Promise<number> {
  const storage = join(PROJECT_ROOT, '.j1-integration');
  const picture = await writePicture(storage, process.env, PROJECT_ROOT);
  if (!picture) {
    console.error(
      `No collection in ${storage}/graph to draw (or j1-integration visualize failed); run npm run collect or npm run demo first.`,
    );
    return 1;
  }
  console.log(`Picture (opens offline): ${picture}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
