import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import {
  parseOpenSshPublicKey,
  publicKeyFingerprintSha256,
} from '../../crossvendor/publicKeys';
import { BitbucketEntities } from '../metadata';
import { BitbucketAccount } from '../client/responses/accounts';
import { BitbucketDeployKey } from '../client/responses/repoSettings';
import { time } from './common';
import { bitbucketKeys } from './keys';

/** Where a deploy key is registered: one repository, or one project. */
export type DeployKeyParent =
  | {
      kind: 'repository';
      uuid: string;
      name: string;
      fullName: string;
      workspaceSlug: string;
    }
  | {
      kind: 'project';
      uuid: string;
      key: string;
      name: string;
      workspaceSlug: string;
    };

/**
 * A repository key names its person `owner`, a project key `created_by`
 * (schemas.deploy_key, schemas.project_deploy_key).
 */
export function deployKeyOwner(
  key: BitbucketDeployKey,
): BitbucketAccount | undefined {
  return key.owner ?? key.created_by ?? undefined;
}

/** Deploy key ids are unique only in their repository or project. */
const deployKeyKey = bitbucketKeys.below(BitbucketEntities.DEPLOY_KEY);

/**
 * `bitbucket_deploy_key`. The API gives the public key only; its SHA-256
 * fingerprint (`ssh-keygen -lf` form) is the identity other vendors' key
 * entities share (src/crossvendor/publicKeys.ts). `ownerIsMember` is
 * whether the person who added it is still a member of the workspace:
 * undefined when the API names no person or the members are unknown.
 */
export function createDeployKeyEntity(
  parent: DeployKeyParent,
  key: BitbucketDeployKey,
  memberUuids?: ReadonlySet<string>,
): Entity {
  const owner = deployKeyOwner(key);
  const parsed = parseOpenSshPublicKey(key.key);
  const fingerprintSha256 = publicKeyFingerprintSha256(key.key);
  const name = key.label || key.comment || `Deploy key ${key.id}`;
  const where = parent.kind === 'repository' ? parent.fullName : parent.key;
  return createIntegrationEntity({
    entityData: {
      source: key,
      assign: {
        _key: deployKeyKey(parent.uuid, key.id),
        _type: BitbucketEntities.DEPLOY_KEY._type,
        _class: BitbucketEntities.DEPLOY_KEY._class,
        id: String(key.id),
        name,
        displayName: `${name} (${where})`,
        label: key.label || undefined,
        comment: key.comment || undefined,
        publicKey: key.key || undefined,
        keyType: parsed?.type,
        fingerprint: fingerprintSha256,
        fingerprintSha256,
        usage: 'ssh',
        scope: parent.kind,
        addedOn: time(key.added_on ?? key.created_on),
        lastUsedOn: time(key.last_used),
        ownerId: owner?.uuid,
        ownerName: owner?.display_name,
        ownerNickname: owner?.nickname,
        ownerIsMember:
          owner?.uuid && memberUuids ? memberUuids.has(owner.uuid) : undefined,
        repoId: parent.kind === 'repository' ? parent.uuid : undefined,
        repoFullName:
          parent.kind === 'repository' ? parent.fullName : undefined,
        projectId: parent.kind === 'project' ? parent.uuid : undefined,
        projectKey: parent.kind === 'project' ? parent.key : undefined,
        workspace: parent.workspaceSlug,
      },
    },
  });
}

/** Properties of `bitbucket_deploy_key` other steps read back. */
export const DeployKeyProperties = {
  fingerprintSha256: 'fingerprintSha256',
} as const;
