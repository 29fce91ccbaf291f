import {
  ExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { isHttpStatus } from '../http';
import { listNames, publishWarning, skipFailedListing } from './warnings';

/** A resource the credentials could not read: 403, or 404 (gone / hidden). */
export interface AccessGap {
  name: string;
  status: 403 | 404;
}

/** The status of a 403/404 access gap, undefined for any other failure. */
export function accessGapOf(err: unknown): 403 | 404 | undefined {
  if (isHttpStatus(err, 403)) return 403;
  if (isHttpStatus(err, 404)) return 404;
  return undefined;
}

/** The status phrase of an access gap, for warn events. */
export function accessGapPhrase(status: 403 | 404): string {
  return status === 403 ? '403 Forbidden' : '404 Not Found';
}

/**
 * "a (403 Forbidden), b (404 Not Found)" for a warn event, sorted by name
 * so the text does not depend on which request finished first.
 */
export function describeGaps(gaps: AccessGap[]): string {
  return listNames(
    [...gaps]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((gap) => `${gap.name} (${accessGapPhrase(gap.status)})`),
  );
}

/**
 * Skip-on-access-gap for a step that reads one listing per resource
 * (project, repository, organization...): `attempt` runs the per-resource
 * action; a 403/404 is recorded and that resource skipped, a listing of the
 * wrong shape is skipped with its own warning, anything else is rethrown.
 * `publish` then announces every gap in one warn event.
 */
export class AccessGaps {
  readonly gaps: AccessGap[] = [];

  /**
   * @param what what is read per resource (e.g. "pipelines"), for the
   * warning of a listing of the wrong shape ("The pipelines of <name>").
   */
  constructor(
    private readonly context: ExecutionContext,
    private readonly what?: string,
  ) {}

  async attempt(name: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      const label = this.what ? `The ${this.what} of ${name}` : name;
      if (skipFailedListing(this.context, label, err)) return;
      const status = accessGapOf(err);
      if (status === undefined) throw err;
      this.gaps.push({ name, status });
    }
  }

  /**
   * One warning for every gap, when there is any: `describe` gets the gaps
   * (describeGaps names them). MissingPermission unless `warning` says
   * otherwise.
   */
  publish(
    describe: (gaps: AccessGap[]) => string,
    warning: (gaps: AccessGap[]) => IntegrationWarnEventName = () =>
      IntegrationWarnEventName.MissingPermission,
  ): void {
    if (this.gaps.length === 0) return;
    publishWarning(
      this.context.logger,
      warning(this.gaps),
      describe(this.gaps),
    );
  }
}
