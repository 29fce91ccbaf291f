import { Entity } from '@jupiterone/integration-sdk-core';

/**
 * Checked reads of entity properties read back from the job state. The
 * converters' typed readers (e.g. readRepoRef) are built from these.
 */

/** A non-empty string property of an entity read back from the job state. */
export function stringProperty(
  entity: Entity,
  name: string,
): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The string items of an entity's array property ([] when absent). */
export function stringsProperty(entity: Entity, name: string): string[] {
  const value: unknown = entity[name];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * The value when it is an absolute http(s) URL, else undefined: `webLink`
 * must be a link a person can open. CircleCI sends scheme-less vcs_url
 * values such as `//circleci.com/<uuid>/<uuid>` for `circleci/<org-id>`
 * projects (docs/jupiterone.md).
 */
export function absoluteHttpLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}
