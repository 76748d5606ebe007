/** The sign-in and people operations of the SDK, and the shapes the screens name. */
export {
  changeMyPassword,
  completeSetup,
  createPasswordLink,
  createUser,
  disableUser,
  enableUser,
  getSession,
  getSetupStatus,
  listMySessions,
  listUsers,
  revokeMyOtherSessions,
  revokeMySession,
  setPasswordWithToken,
  signIn,
  signOut,
  updateUser,
} from '@shop/customers-sdk';
export type {
  MySessionDto as MySession,
  SessionDto as Session,
  UserDto as User,
} from '@shop/customers-sdk';
