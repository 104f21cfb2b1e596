/** The Okta org emulator's public surface. */
export { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from './start-okta-emulator.js';
export type {
  EmulatedAppUser,
  EmulatedGroup,
  EmulatedGroupPushMapping,
  ProfileUpdateMethod,
  ProvisioningStatus,
  PushOperation,
} from './org-state.js';
export { OKTA_SCIM_USER_AGENT } from './okta-scim-client.js';
