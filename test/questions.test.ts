// js-yaml is pinned to the version the CLI's validate-question-file uses,
// so the file is parsed here exactly as the CLI parses it.
import { load as loadYaml } from 'js-yaml';
import {
  Entity,
  Relationship,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import {
  QuestionUploadFileData,
  QuestionUploadFileDataRecord,
  validateManagedQuestionFile,
} from '@jupiterone/integration-sdk-cli/dist/src/questions/managedQuestionFileValidator';
import { readFileSync } from 'fs';
import { join } from 'path';
import { invocationConfig } from '../src';
import { IntegrationConfig } from '../src/config';
import { collectInProcess } from './collect';
import {
  J1qlLiteral,
  J1qlOwner,
  J1qlParseError,
  parseJ1ql,
  ParsedJ1ql,
} from '../scripts/j1ql/parse';
import { startSandbox } from './sandbox/server';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The managed questions (jupiterone/questions/questions.yaml) may name only
 * what this package produces: every _type or class a query selects must be
 * declared in the step metadata (an entity, or the target of a mapped
 * relationship such as Person), every relationship verb must be the class of
 * a declared relationship between those types (in the direction the query
 * gives), and every property a query filters on or returns must be one a
 * converter really sets on that type, observed in a full collection of both
 * vendors against the loopback sandbox's demo dataset.
 */

const QUESTIONS_FILE = join(
  __dirname,
  '..',
  'jupiterone',
  'questions',
  'questions.yaml',
);

function loadQuestions(text: string): QuestionUploadFileData {
  return QuestionUploadFileDataRecord.check(loadYaml(text));
}

/** Properties every entity has (SDK/platform metadata) or the brief allows. */
const STANDARD_ENTITY_PROPERTIES = new Set([
  '_type',
  '_class',
  '_key',
  '_id',
  '_source',
  '_integrationInstanceId',
  '_integrationDefinitionId',
  '_integrationName',
  '_integrationType',
  '_integrationClass',
  '_createdOn',
  '_beginOn',
  '_endOn',
  '_deleted',
  '_version',
  'displayName',
  'name',
]);
const STANDARD_RELATIONSHIP_PROPERTIES = new Set([
  '_type',
  '_class',
  '_key',
  '_id',
  '_fromEntityKey',
  '_toEntityKey',
  'displayName',
]);

interface DeclaredRelationship {
  _type: string;
  _class: string;
  sourceType: string;
  targetType: string;
}

/** What the package declares (step metadata) and produces (demo collection). */
interface GraphModel {
  /** Declared entity _type -> its classes. */
  entityClasses: Map<string, string[]>;
  /** Declared mapped-relationship target _type -> its class (person -> Person). */
  mappedTargetClasses: Map<string, string>;
  relationships: DeclaredRelationship[];
  /** Produced entity _type -> property -> kinds of the values seen. */
  entityProperties: Map<string, Map<string, Set<string>>>;
  /** Mapped target _type -> properties the mappings put on the target. */
  mappedTargetProperties: Map<string, Set<string>>;
  /** Produced relationship _type -> properties. */
  relationshipProperties: Map<string, Set<string>>;
}

/** 'person' -> 'Person', 'code_repo' -> 'CodeRepo'; a class stays as it is. */
function classOfTargetType(targetType: string): string {
  return targetType
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function valueKinds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(valueKinds);
  if (value === null) return ['null'];
  return [typeof value];
}

function buildModel(
  entities: Entity[],
  relationships: Relationship[],
): GraphModel {
  const entityClasses = new Map<string, string[]>();
  const mappedTargetClasses = new Map<string, string>();
  const declared: DeclaredRelationship[] = [];
  for (const step of invocationConfig.integrationSteps) {
    for (const entity of step.entities) {
      const classes = Array.isArray(entity._class)
        ? entity._class
        : [entity._class];
      entityClasses.set(entity._type, classes);
    }
    for (const r of step.relationships) {
      declared.push({
        _type: r._type,
        _class: r._class,
        sourceType: r.sourceType,
        targetType: r.targetType,
      });
    }
    for (const m of step.mappedRelationships ?? []) {
      mappedTargetClasses.set(m.targetType, classOfTargetType(m.targetType));
      const forward = m.direction === RelationshipDirection.FORWARD;
      declared.push({
        _type: m._type,
        _class: m._class,
        sourceType: forward ? m.sourceType : m.targetType,
        targetType: forward ? m.targetType : m.sourceType,
      });
    }
  }

  const entityProperties = new Map<string, Map<string, Set<string>>>();
  for (const entity of entities) {
    const properties =
      entityProperties.get(entity._type) ?? new Map<string, Set<string>>();
    entityProperties.set(entity._type, properties);
    for (const [property, value] of Object.entries(entity)) {
      if (property === '_rawData' || value === undefined) continue;
      const kinds = properties.get(property) ?? new Set<string>();
      properties.set(property, kinds);
      for (const kind of valueKinds(value)) kinds.add(kind);
    }
  }

  const mappedTargetProperties = new Map<string, Set<string>>();
  const relationshipProperties = new Map<string, Set<string>>();
  for (const relationship of relationships) {
    const properties =
      relationshipProperties.get(relationship._type) ?? new Set<string>();
    relationshipProperties.set(relationship._type, properties);
    for (const property of Object.keys(relationship)) {
      if (property !== '_mapping') properties.add(property);
    }
    const mapping = relationship._mapping;
    if (mapping && typeof mapping === 'object') {
      const metadata = declared.find((d) => d._type === relationship._type);
      const targetType = metadata?.targetType;
      if (!targetType) continue;
      const targetProperties =
        mappedTargetProperties.get(targetType) ?? new Set<string>();
      mappedTargetProperties.set(targetType, targetProperties);
      for (const property of Object.keys(mapping.targetEntity)) {
        targetProperties.add(property);
      }
    }
  }

  return {
    entityClasses,
    mappedTargetClasses,
    relationships: declared,
    entityProperties,
    mappedTargetProperties,
    relationshipProperties,
  };
}

/** The _types a selector name stands for; undefined when it names nothing. */
function typesOfName(model: GraphModel, name: string): string[] | undefined {
  if (name === '*') {
    return [...model.entityClasses.keys(), ...model.mappedTargetClasses.keys()];
  }
  if (/^[a-z]/.test(name)) {
    return model.entityClasses.has(name) || model.mappedTargetClasses.has(name)
      ? [name]
      : undefined;
  }
  const types = [
    ...[...model.entityClasses]
      .filter(([, classes]) => classes.includes(name))
      .map(([type]) => type),
    ...[...model.mappedTargetClasses]
      .filter(([, targetClass]) => targetClass === name)
      .map(([type]) => type),
  ];
  return types.length > 0 ? types : undefined;
}

function literalKind(literal: J1qlLiteral): string | undefined {
  if (literal.kind === 'date') return 'number';
  if (
    literal.kind === 'string' ||
    literal.kind === 'number' ||
    literal.kind === 'boolean'
  ) {
    return literal.kind;
  }
  return undefined;
}

/**
 * Every problem with one query, as sentences; none means every type,
 * relationship and property it names is one this package declares and sets.
 */
function checkQuery(model: GraphModel, query: string): string[] {
  let parsed: ParsedJ1ql;
  try {
    parsed = parseJ1ql(query);
  } catch (err) {
    if (err instanceof J1qlParseError) return [`cannot parse: ${err.message}`];
    throw err;
  }
  const problems: string[] = [];

  // Selectors: every name must be a declared _type or class.
  const nodeTypes = parsed.nodes.map((node) => {
    const types = new Set<string>();
    for (const name of node.names) {
      const named = typesOfName(model, name);
      if (!named) {
        problems.push(
          /^[a-z]/.test(name)
            ? `_type '${name}' is not declared in the step metadata`
            : `no declared entity or mapped target has class '${name}'`,
        );
      }
      for (const type of named ?? []) types.add(type);
    }
    return types;
  });

  // Relationships: each hop must match a declared relationship.
  const narrowed = nodeTypes.map((types) => new Set(types));
  const hopRelationshipTypes: string[][] = [];
  for (const hop of parsed.hops) {
    const left = nodeTypes[hop.from];
    const right = nodeTypes[hop.to];
    const matching = model.relationships.filter(
      (r) =>
        hop.verbs.includes(r._class) &&
        ((hop.direction !== 'reverse' &&
          left.has(r.sourceType) &&
          right.has(r.targetType)) ||
          (hop.direction !== 'forward' &&
            right.has(r.sourceType) &&
            left.has(r.targetType))),
    );
    hopRelationshipTypes.push(matching.map((r) => r._type));
    const arrow =
      hop.direction === 'forward'
        ? ' >>'
        : hop.direction === 'reverse'
        ? ' <<'
        : '';
    const describe = `${parsed.nodes[hop.from].names.join('|')} THAT ${
      hop.negated ? '!' : ''
    }${hop.verbs.join('|')}${arrow} ${parsed.nodes[hop.to].names.join('|')}`;
    if (left.size === 0 || right.size === 0) continue;
    if (matching.length === 0) {
      problems.push(`no declared relationship for '${describe}'`);
      continue;
    }
    for (const verb of hop.verbs) {
      if (!matching.some((r) => r._class === verb)) {
        problems.push(
          `'${verb}' matches no declared relationship in '${describe}'`,
        );
      }
    }
    const endpoints = new Set(
      matching.flatMap((r) => [r.sourceType, r.targetType]),
    );
    for (const index of [hop.from, hop.to]) {
      for (const name of parsed.nodes[index].names) {
        const named = typesOfName(model, name) ?? [];
        if (named.length > 0 && !named.some((t) => endpoints.has(t))) {
          problems.push(
            `'${name}' takes part in no relationship of '${describe}'`,
          );
        }
      }
      if (!hop.negated) {
        for (const type of [...narrowed[index]]) {
          if (!endpoints.has(type)) narrowed[index].delete(type);
        }
      }
    }
  }

  // Properties: set on every type the alias can be, or standard.
  for (const ref of parsed.properties) {
    problems.push(...checkProperty(model, ref, narrowed, hopRelationshipTypes));
  }
  return problems;
}

function checkProperty(
  model: GraphModel,
  ref: {
    owner: J1qlOwner;
    property: string;
    clause: string;
    comparedWith?: J1qlLiteral;
  },
  narrowed: Array<Set<string>>,
  hopRelationshipTypes: string[][],
): string[] {
  const problems: string[] = [];
  const { property, clause } = ref;
  if (ref.owner.kind === 'hop') {
    if (STANDARD_RELATIONSHIP_PROPERTIES.has(property)) return problems;
    for (const type of hopRelationshipTypes[ref.owner.index]) {
      const produced = model.relationshipProperties.get(type);
      if (!produced) {
        problems.push(
          `relationship '${type}' is never produced by the demo collection, so '${property}' (${clause}) cannot be verified`,
        );
      } else if (!produced.has(property)) {
        problems.push(
          `relationship '${type}' has no property '${property}' (${clause})`,
        );
      }
    }
    return problems;
  }
  const expectedKind = ref.comparedWith && literalKind(ref.comparedWith);
  for (const type of narrowed[ref.owner.index]) {
    // A type this package also collects (a run's mapped PERFORMED link to
    // a deploy) is read as the entity it is.
    if (model.mappedTargetClasses.has(type) && !model.entityClasses.has(type)) {
      const known = model.mappedTargetProperties.get(type) ?? new Set();
      if (!STANDARD_ENTITY_PROPERTIES.has(property) && !known.has(property)) {
        problems.push(
          `mapped target '${type}' gets no property '${property}' from this package (${clause})`,
        );
      }
      continue;
    }
    if (STANDARD_ENTITY_PROPERTIES.has(property)) continue;
    const produced = model.entityProperties.get(type);
    if (!produced) {
      problems.push(
        `'${type}' is never produced by the demo collection, so '${property}' (${clause}) cannot be verified`,
      );
      continue;
    }
    const kinds = produced.get(property);
    if (!kinds) {
      problems.push(`'${type}' has no property '${property}' (${clause})`);
    } else if (expectedKind && !kinds.has(expectedKind)) {
      problems.push(
        `'${type}.${property}' holds ${[...kinds].join(
          '/',
        )} values, compared with a ${expectedKind} (${clause})`,
      );
    }
  }
  return problems;
}

describe('managed questions', () => {
  const text = readFileSync(QUESTIONS_FILE, 'utf8');
  const file = loadQuestions(text);
  let model: GraphModel;

  beforeAll(async () => {
    const sandbox = await startSandbox({
      port: 0,
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    try {
      const env = sandbox.env('both');
      const config: IntegrationConfig = {
        circleciApiKey: env.CIRCLECI_API_KEY,
        circleciBaseUrl: env.CIRCLECI_BASE_URL,
        bitbucketOauthKey: env.BITBUCKET_OAUTH_KEY,
        bitbucketOauthSecret: env.BITBUCKET_OAUTH_SECRET,
        bitbucketWorkspace: env.BITBUCKET_WORKSPACE,
        bitbucketBaseUrl: env.BITBUCKET_BASE_URL,
        bitbucketTokenUrl: env.BITBUCKET_TOKEN_URL,
      };
      const result = await collectInProcess({
        config,
        now: SANDBOX_REFERENCE_TIME + 3600_000,
      });
      const failed = result.stepResults.filter(
        (s) => s.status !== 'success' && s.status !== 'disabled',
      );
      expect(failed).toEqual([]);
      model = buildModel(result.entities, result.relationships);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  test('the file passes the CLI validator (validate-question-file --dry-run)', async () => {
    await expect(
      validateManagedQuestionFile({ filePath: QUESTIONS_FILE }),
    ).resolves.toBeUndefined();
    expect(file.sourceId).toBe('managed:graph-circleci-bitbucket');
    expect(file.integrationDefinitionId).toBe('${integration_definition_id}');
  });

  test('at least 12 questions, unique ids and titles, each fully described', () => {
    const { questions } = file;
    expect(questions.length).toBeGreaterThanOrEqual(12);
    const ids = questions.map((q) => q.id);
    const titles = questions.map((q) => q.title);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(titles).size).toBe(titles.length);
    for (const question of questions) {
      expect(question.id).toMatch(/^managed-question-[a-z0-9-]+$/);
      expect(question.description.length).toBeGreaterThan(40);
      expect(question.tags.length).toBeGreaterThan(0);
      expect(question.queries.length).toBeGreaterThan(0);
      if (question.queries.length > 1) {
        // Several queries: each is named, so results say which is which.
        for (const q of question.queries) expect(q.name).toBeTruthy();
      }
      for (const q of question.queries) expect(q.resultsAre).toBeTruthy();
      for (const reference of question.compliance ?? []) {
        expect(reference.requirements?.length).toBeGreaterThan(0);
      }
    }
  });

  test("the issue's examples each have a question", () => {
    const ids = new Set(file.questions.map((q) => q.id));
    expect(
      [
        'managed-question-bitbucket-merged-prs-without-independent-approval',
        'managed-question-bitbucket-prs-commits-pushed-after-approval',
        'managed-question-bitbucket-default-branch-without-required-approvals',
        'managed-question-bitbucket-public-repos',
        'managed-question-bitbucket-workspace-admins',
        'managed-question-circleci-projects-forks-receive-secrets',
        'managed-question-circleci-production-deploy-approvers',
        'managed-question-deploys-from-unapproved-prs',
        'managed-question-users-not-mapped-to-employees',
      ].filter((id) => !ids.has(id)),
    ).toEqual([]);
  });

  test('every query names only declared types and relationships and properties converters set', () => {
    const problems = file.questions.flatMap((question) =>
      question.queries.flatMap((q) =>
        checkQuery(model, q.query).map(
          (problem) =>
            `${question.id}${q.name ? ` (${q.name})` : ''}: ${problem}`,
        ),
      ),
    );
    expect(problems).toEqual([]);
  });

  test('the extraction sees every type, verb, alias and property of a query', () => {
    const parsed = parseJ1ql(`
      FIND circleci_job WITH name ~= 'deploy' AND status = 'success' AS deploy
        THAT HAS << circleci_workflow AS workflow
        THAT EVALUATES AS link (bitbucket_pull_request|CodeRepo)
          WITH approvalStatus != 'approved' AS pr
        THAT !IS Person
      WHERE pr.createdOn > date.now - 30 days AND workflow.name = deploy.name
      RETURN deploy.name, link.matchedOn, count(pr) AS prs
      ORDER BY prs DESC`);
    expect(
      parsed.nodes.map(({ names, alias }) => ({
        names,
        ...(alias ? { alias } : {}),
      })),
    ).toEqual([
      { names: ['circleci_job'], alias: 'deploy' },
      { names: ['circleci_workflow'], alias: 'workflow' },
      { names: ['bitbucket_pull_request', 'CodeRepo'], alias: 'pr' },
      { names: ['Person'] },
    ]);
    expect(parsed.hops).toEqual([
      {
        from: 0,
        to: 1,
        verbs: ['HAS'],
        direction: 'reverse',
        negated: false,
        alias: undefined,
      },
      {
        from: 1,
        to: 2,
        verbs: ['EVALUATES'],
        direction: 'any',
        negated: false,
        alias: 'link',
      },
      {
        from: 2,
        to: 3,
        verbs: ['IS'],
        direction: 'any',
        negated: true,
        alias: undefined,
      },
    ]);
    const node = (index: number): J1qlOwner => ({ kind: 'node', index });
    expect(
      parsed.properties.map((p) => [p.owner, p.property, p.clause]),
    ).toEqual([
      [node(0), 'name', 'WITH'],
      [node(0), 'status', 'WITH'],
      [node(2), 'approvalStatus', 'WITH'],
      [node(2), 'createdOn', 'WHERE'],
      [node(1), 'name', 'WHERE'],
      [node(0), 'name', 'WHERE'],
      [node(0), 'name', 'RETURN'],
      [{ kind: 'hop', index: 1 }, 'matchedOn', 'RETURN'],
    ]);
    expect(parsed.properties[3].comparedWith).toEqual({
      kind: 'date',
      offsetMs: -30 * 86_400_000,
    });
  });

  test.each([
    [
      'an unknown property',
      "FIND bitbucket_pull_request WITH approvedBy = 'x'",
      "'bitbucket_pull_request' has no property 'approvedBy' (WITH)",
    ],
    [
      'an unknown property in RETURN, on the alias it is not set on',
      'FIND bitbucket_user AS u THAT APPROVED bitbucket_pull_request AS pr RETURN u.approvalStatus',
      "'bitbucket_user' has no property 'approvalStatus' (RETURN)",
    ],
    [
      "the older integration's _type",
      'FIND bitbucket_pullrequest WITH merged = true',
      "_type 'bitbucket_pullrequest' is not declared in the step metadata",
    ],
    [
      'a class nothing has',
      'FIND Firewall',
      "no declared entity or mapped target has class 'Firewall'",
    ],
    [
      'a relationship that is not declared',
      'FIND bitbucket_user THAT OWNS bitbucket_pull_request',
      "no declared relationship for 'bitbucket_user THAT OWNS bitbucket_pull_request'",
    ],
    [
      'a declared relationship in the wrong direction',
      'FIND bitbucket_pull_request THAT APPROVED >> bitbucket_user',
      "no declared relationship for 'bitbucket_pull_request THAT APPROVED >> bitbucket_user'",
    ],
    [
      'a string compared with a boolean property',
      "FIND bitbucket_pull_request WITH merged = 'true'",
      "'bitbucket_pull_request.merged' holds boolean values, compared with a string (WITH)",
    ],
    [
      'a relationship property that is not set',
      'FIND circleci_pipeline THAT EVALUATES AS link bitbucket_pull_request RETURN link.approved',
      "relationship 'circleci_pipeline_evaluates_bitbucket_pull_request' has no property 'approved' (RETURN)",
    ],
    [
      'a property the Person mapping does not set',
      'FIND bitbucket_user THAT IS Person AS p RETURN p.employeeId',
      "mapped target 'person' gets no property 'employeeId' from this package (RETURN)",
    ],
    [
      'an alias that is not defined',
      'FIND bitbucket_repo WITH public = true RETURN repo.name',
      "cannot parse: 'repo' is not an alias of this query at 46 ('repo.name')",
    ],
  ])('the checker rejects %s', (_label, query, problem) => {
    expect(checkQuery(model, query)).toEqual([problem]);
  });

  test('a wrong name in the real file makes the file check fail', () => {
    const broken = loadQuestions(
      text.replace(
        "approvalStatus = 'not-approved' AS pr",
        "approvalState = 'not-approved' AS pr",
      ),
    );
    const problems = broken.questions.flatMap((question) =>
      question.queries.flatMap((q) => checkQuery(model, q.query)),
    );
    expect(problems).toEqual([
      "'bitbucket_pull_request' has no property 'approvalState' (WITH)",
    ]);
  });
});
