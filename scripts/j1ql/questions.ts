/**
 * The managed questions (jupiterone/questions/questions.yaml) answered over
 * a local graph: every query of every question, evaluated by evaluate.ts.
 */
import { load as loadYaml } from 'js-yaml';
import { readFileSync } from 'fs';
import { join } from 'path';
import { evaluateJ1ql, EvaluateOptions, Row } from './evaluate';
import { Graph } from './graph';

export const QUESTIONS_FILE = join(
  __dirname,
  '..',
  '..',
  'jupiterone',
  'questions',
  'questions.yaml',
);

export interface ManagedQuery {
  name?: string;
  query: string;
  resultsAre?: string;
}

export interface ManagedQuestion {
  id: string;
  title: string;
  description: string;
  tags: string[];
  queries: ManagedQuery[];
}

export interface QueryAnswer {
  name?: string;
  resultsAre?: string;
  query: string;
  rows: Row[];
  rowEntityKeys: string[][];
}

export interface QuestionAnswer {
  id: string;
  title: string;
  tags: string[];
  queries: QueryAnswer[];
}

export function loadQuestions(text = readFileSync(QUESTIONS_FILE, 'utf8')) {
  const file = loadYaml(text) as { questions?: ManagedQuestion[] };
  if (!Array.isArray(file?.questions)) {
    throw new Error(`${QUESTIONS_FILE}: no 'questions' list`);
  }
  return file.questions;
}

/**
 * Answers every question; a query the evaluator cannot run fails the whole
 * call with the question's id in the message, never an empty answer.
 */
export function answerQuestions(
  graph: Graph,
  questions: ManagedQuestion[] = loadQuestions(),
  options: EvaluateOptions = {},
): QuestionAnswer[] {
  return questions.map((question) => ({
    id: question.id,
    title: question.title,
    tags: question.tags,
    queries: question.queries.map((q) => {
      try {
        return {
          name: q.name,
          resultsAre: q.resultsAre,
          query: q.query,
          ...evaluateJ1ql(q.query, graph, options),
        };
      } catch (err) {
        throw new Error(
          `${question.id}${q.name ? ` (${q.name})` : ''}: ${
            (err as Error).message
          }`,
        );
      }
    }),
  }));
}
