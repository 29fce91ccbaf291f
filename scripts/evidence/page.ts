/**
 * The evidence page: one offline HTML file (vis-network inlined from npm, no
 * request leaves the file) showing, first, the answers of the managed
 * questions grouped by theme, each row linking to its neighbourhood in the
 * graph, and second a graph view with a legend of types, filters by vendor
 * and type, search by name, and the mapped targets this collection does not
 * contain (Person, GitHub repositories) drawn as explained placeholders.
 * The page's behaviour is browser.js; this module only gathers the data.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Graph, GraphEntity, loadCollection } from '../j1ql/graph';
import { EvaluateOptions } from '../j1ql/evaluate';
import { answerQuestions, QuestionAnswer } from '../j1ql/questions';

const root = join(__dirname, '..', '..');

export const THEMES = ['access', 'approvals', 'CI secrets', 'deploys'] as const;
export type Theme = (typeof THEMES)[number];

/** A question's theme, from its tags (the first rule that matches wins). */
export function themeOf(tags: string[]): Theme {
  if (tags.includes('deploy') || tags.includes('ci-coverage')) {
    return 'deploys';
  }
  if (tags.includes('secrets')) return 'CI secrets';
  if (
    tags.some((t) =>
      [
        'approval',
        'pull-request',
        'branch-restriction',
        'self-approval',
      ].includes(t),
    )
  ) {
    return 'approvals';
  }
  return 'access';
}

interface PageNode {
  id: string;
  type: string;
  label: string;
  vendor: string;
  placeholder?: string;
}

interface PageEdge {
  from: string;
  to: string;
  label: string;
}

function vendorOf(type: string): string {
  if (type.startsWith('bitbucket_')) return 'Bitbucket';
  if (type.startsWith('circleci_')) return 'CircleCI';
  return 'other';
}

function labelOf(entity: GraphEntity): string {
  const text = String(
    entity.displayName ?? entity.name ?? entity.id ?? entity._key,
  );
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

function describeTarget(target: Record<string, unknown>): string {
  return Object.entries(target)
    .filter(([key]) => key !== '_class' && key !== '_type')
    .map(([key, value]) => `${key} = ${String(value)}`)
    .join(', ');
}

/** Nodes and edges of the page: the graph, plus unresolved mapped targets. */
function graphData(graph: Graph) {
  const nodes: PageNode[] = graph.entities.map((entity) => ({
    id: entity._key,
    type: entity._type,
    label: labelOf(entity),
    vendor: vendorOf(entity._type),
  }));
  const edges: PageEdge[] = graph.relationships.map((r) => ({
    from: r._fromEntityKey,
    to: r._toEntityKey,
    label: r._class,
  }));
  const placeholders = new Map<string, PageNode>();
  for (const mapping of graph.unresolvedMappings) {
    const classes = mapping.targetEntity._class;
    const targetClass = String(Array.isArray(classes) ? classes[0] : classes);
    const description = describeTarget(mapping.targetEntity);
    const id = `mapped:${targetClass}:${description}`;
    if (!placeholders.has(id)) {
      placeholders.set(id, {
        id,
        type: `${targetClass} (mapped target)`,
        label: `${targetClass}?\n${description.slice(0, 40)}`,
        vendor: 'mapped target',
        placeholder: `${targetClass} with ${description}`,
      });
    }
    const [from, to] =
      mapping.direction === 'FORWARD'
        ? [mapping.sourceEntityKey, id]
        : [id, mapping.sourceEntityKey];
    edges.push({ from, to, label: String(mapping.relationship._class) });
  }
  nodes.push(...placeholders.values());
  return { nodes, edges };
}

function answersData(answers: QuestionAnswer[]) {
  return THEMES.map((theme) => ({
    theme,
    questions: answers
      .filter((a) => themeOf(a.tags) === theme)
      .map((a) => ({
        id: a.id,
        title: a.title,
        queries: a.queries.map((q) => ({
          name: q.name ?? '',
          resultsAre: q.resultsAre ?? '',
          columns: q.rows.length > 0 ? Object.keys(q.rows[0]) : [],
          rows: q.rows,
          keys: q.rowEntityKeys,
        })),
      })),
  }));
}

/** `</script` inside inlined text would end the script element early. */
function inline(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function renderEvidencePage(
  graph: Graph,
  answers: QuestionAnswer[],
  source: string,
): string {
  const library = readFileSync(
    join(root, 'node_modules/vis-network/standalone/umd/vis-network.min.js'),
    'utf8',
  );
  const script = readFileSync(join(__dirname, 'browser.js'), 'utf8');
  const style = readFileSync(join(__dirname, 'page.css'), 'utf8');
  const data = {
    source,
    generatedOn: new Date().toISOString(),
    themes: answersData(answers),
    graph: graphData(graph),
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Evidence: CircleCI and Bitbucket managed questions</title>
<style>${style}</style>
</head>
<body>
<header>
  <h1>Evidence: CircleCI and Bitbucket</h1>
  <p id="summary"></p>
</header>
<main>
  <section id="answers" aria-label="Answers of the managed questions"></section>
  <section id="graph-panel" aria-label="Graph">
    <div id="controls">
      <label>Vendor <select id="vendor"></select></label>
      <label>Search <input id="search" type="search" placeholder="name, e.g. api-gateway"></label>
      <button id="show-all" type="button">Show everything</button>
      <span id="graph-status"></span>
    </div>
    <div id="graph-body">
      <div id="graph"></div>
      <aside id="legend" aria-label="Legend"></aside>
    </div>
  </section>
</main>
<script>${inline(library)}</script>
<script id="evidence-data" type="application/json">${inline(
    JSON.stringify(data),
  )}</script>
<script>${inline(script)}</script>
</body>
</html>
`;
}

/** Answers every question over `collectionDir` and writes the page. */
export function writeEvidencePage(
  collectionDir: string,
  outFile: string,
  options: EvaluateOptions = {},
): void {
  const graph = loadCollection(collectionDir);
  const answers = answerQuestions(graph, undefined, options);
  writeFileSync(outFile, renderEvidencePage(graph, answers, collectionDir));
}
