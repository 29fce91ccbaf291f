/**
 * Where the real vendor APIs knowingly differ from their OpenAPI documents,
 * and the sandbox follows the real API (test/sandbox/circleci/real-shapes.ts,
 * test/sandbox/bitbucket/render.ts). Each entry names the spec path, the
 * validator's error it accepts, and the public fact behind it. Nothing else
 * is accepted; a contract test fails if an entry is no longer needed.
 */
export interface RealVsSpecDifference {
  vendor: 'circleci' | 'bitbucket';
  /** Spec path templates the difference appears on. */
  templates: string[];
  /** The validator error accepted there (whole message). */
  error: RegExp;
  /** The public fact (what real answers carry). */
  fact: string;
}

export const REAL_VS_SPEC: RealVsSpecDifference[] = [
  {
    vendor: 'circleci',
    templates: ['/me/collaborations'],
    error: /^\/\d+ must have required property 'vcs-type'$/,
    fact: 'Real GET /me/collaborations items spell the field vcs_type (snake case), as public recordings of the API show; the spec says vcs-type.',
  },
  {
    vendor: 'circleci',
    templates: [
      '/pipeline',
      '/pipeline/{pipeline-id}',
      '/project/{project-slug}/pipeline',
    ],
    error:
      /^(\/items\/\d+)?\/trigger\/type must be equal to one of the allowed values/,
    fact: 'Real errored pipelines carry trigger.type values outside the spec enum, e.g. "Decoupled Ingestion System" (with received_at 1970-01-01T00:00:00.000Z and actor.login "").',
  },
];

/** True when `error` on `template` is a documented real-vs-spec difference. */
export function isAcceptedDifference(
  vendor: RealVsSpecDifference['vendor'],
  template: string,
  error: string,
  used?: Set<RealVsSpecDifference>,
): boolean {
  const entry = REAL_VS_SPEC.find(
    (d) =>
      d.vendor === vendor &&
      d.templates.includes(template) &&
      d.error.test(error),
  );
  if (entry) used?.add(entry);
  return entry !== undefined;
}
