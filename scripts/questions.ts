/**
 * `npm run questions [folder] [--json]`: answers every managed question
 * (jupiterone/questions/questions.yaml) over a `j1-integration collect`
 * output folder (default: the project's .j1-integration), with the local
 * J1QL evaluator of scripts/j1ql. Prints per question its title, the number
 * of rows and the first rows; with --json, one JSON array of
 * { id, title, rows } (every row of every query of the question).
 */
import { resolve } from 'path';
import { loadCollection } from './j1ql/graph';
import { answerQuestions, QuestionAnswer } from './j1ql/questions';

const FIRST_ROWS = 3;

export function formatAnswers(answers: QuestionAnswer[]): string {
  const lines: string[] = [];
  for (const answer of answers) {
    const total = answer.queries.reduce((n, q) => n + q.rows.length, 0);
    lines.push(`\n${answer.title}`);
    lines.push(`  ${answer.id}: ${total} row${total === 1 ? '' : 's'}`);
    for (const query of answer.queries) {
      if (answer.queries.length > 1) {
        lines.push(
          `  - ${query.name ?? 'query'} (${query.resultsAre ?? '?'}): ${
            query.rows.length
          }`,
        );
      }
      for (const row of query.rows.slice(0, FIRST_ROWS)) {
        lines.push(`      ${JSON.stringify(row)}`);
      }
      if (query.rows.length > FIRST_ROWS) {
        lines.push(`      ... ${query.rows.length - FIRST_ROWS} more`);
      }
    }
  }
  return lines.join('\n');
}

export function answersAsJson(answers: QuestionAnswer[]) {
  return answers.map((a) => ({
    id: a.id,
    title: a.title,
    rows: a.queries.flatMap((q) => q.rows),
  }));
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const folders = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length > 0 || folders.length > 1) {
    console.error('usage: npm run questions -- [folder] [--json]');
    return 2;
  }
  const folder = resolve(folders[0] ?? '.j1-integration');
  const answers = answerQuestions(loadCollection(folder));
  if (json) {
    console.log(JSON.stringify(answersAsJson(answers), null, 2));
  } else {
    console.log(`Managed questions answered over ${folder}`);
    console.log(formatAnswers(answers));
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
