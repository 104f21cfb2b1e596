/**
 * Okta app provisioning features (the app's `features` array, okta-wire.md §2.2 Apps) and
 * the Admin Console labels an administrator sees for them.
 */

export type ProvisioningFeature =
  | 'PUSH_NEW_USERS'
  | 'PUSH_PROFILE_UPDATES'
  | 'PUSH_USER_DEACTIVATION'
  | 'REACTIVATE_USERS'
  | 'PUSH_PASSWORD_UPDATES'
  | 'GROUP_PUSH'
  | 'IMPORT_NEW_USERS'
  | 'IMPORT_PROFILE_UPDATES'
  | 'IMPORT_USER_SCHEMA'
  | 'PROFILE_MASTERING';

/** What the CRUD test needs: create, update, deactivate, and reactivate on re-assignment. */
export const CRUD_FEATURES: readonly ProvisioningFeature[] = [
  'PUSH_NEW_USERS',
  'PUSH_PROFILE_UPDATES',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
];

/** The emulator's default: the CRUD features plus Group Push. */
export const DEFAULT_EMULATOR_FEATURES: readonly string[] = [...CRUD_FEATURES, 'GROUP_PUSH'];

/** Admin Console wording (Provisioning → To App) for messages and fixes. */
export const FEATURE_LABELS: Readonly<Record<ProvisioningFeature, string>> = {
  PUSH_NEW_USERS: 'Create Users',
  PUSH_PROFILE_UPDATES: 'Update User Attributes',
  PUSH_USER_DEACTIVATION: 'Deactivate Users',
  // APPS lists it under "Deactivate Users": reactivates an existing inactive user when provisioning.
  REACTIVATE_USERS: 'Deactivate Users',
  PUSH_PASSWORD_UPDATES: 'Sync Password',
  GROUP_PUSH: 'Push Groups',
  IMPORT_NEW_USERS: 'Import New Users and Profile Updates',
  IMPORT_PROFILE_UPDATES: 'Import New Users and Profile Updates',
  IMPORT_USER_SCHEMA: 'Import User Schema',
  PROFILE_MASTERING: 'Profile Sourcing',
};
