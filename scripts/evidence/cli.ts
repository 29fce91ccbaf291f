/**
 * `npm run evidence [folder]`: writes the evidence page (page.ts) of a
 * `j1-integration collect` output folder (default .j1-integration) into
 * <folder>/evidence.html and prints its path.
 */
import { join, resolve } from 'path';
import { writeEvidencePage } from './page';

const args = process.argv.slice(2);
if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
  console.error('usage: npm run evidence -- [folder]');
  process.exitCode = 2;
} else {
  try {
    const folder = resolve(args[0] ?? '.j1-integration');
    const out = join(folder, 'evidence.html');
    writeEvidencePage(folder, out);
    console.log(`Evidence page (opens offline): ${out}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
