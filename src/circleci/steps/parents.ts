import { CollectedParents, stringProperty } from '../../steps';
import { ComponentRef, readComponentRef } from '../converters/deploy';
import { ProjectRef, readProjectRef } from '../converters/project';
import { readUserGroupSlug } from '../converters/userGroup';
import { CircleCIEntities as E } from '../metadata';

/**
 * The collected CircleCI entities that steps list children of, with the
 * reference each listing needs and the name a warning gives them.
 */

export const collectedProjects: CollectedParents<ProjectRef> = {
  type: E.PROJECT._type,
  read: readProjectRef,
  name: (ref) => `CircleCI project ${ref.slug}`,
  noun: 'project',
};

/** Organizations by slug (contexts are listed by owner slug). */
export const collectedOrganizations: CollectedParents<string> = {
  type: E.USER_GROUP._type,
  read: readUserGroupSlug,
  name: (slug) => `CircleCI organization ${slug}`,
  noun: 'organization',
};

/**
 * Organizations by id (the deploy endpoints address them by id); a
 * warning names them by slug when there is one.
 */
export const collectedOrganizationIds: CollectedParents<{
  id: string;
  name: string;
}> = {
  type: E.USER_GROUP._type,
  read: (group) => {
    const id = stringProperty(group, 'id');
    return id ? { id, name: stringProperty(group, 'slug') ?? id } : undefined;
  },
  name: (org) => `CircleCI organization ${org.name}`,
  noun: 'organization',
};

/** Pipelines or workflows by id (their children are listed by id). */
export function collectedRuns(kind: 'pipeline' | 'workflow') {
  const parents: CollectedParents<string> = {
    type: kind === 'pipeline' ? E.PIPELINE._type : E.WORKFLOW._type,
    read: (run) => stringProperty(run, 'id'),
    name: (id) => `CircleCI ${kind} ${id}`,
    noun: kind,
  };
  return parents;
}

export const collectedComponents: CollectedParents<ComponentRef> = {
  type: E.COMPONENT._type,
  read: readComponentRef,
  name: (component) => `CircleCI component ${component.name ?? component.id}`,
  noun: 'component',
};
