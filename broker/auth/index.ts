export { hashPassword, verifyPassword, parsePasswordHash, PasswordHashError, DEFAULT_SCRYPT } from './password.ts';
export type { RandomBytes, ScryptParams, ParsedHash } from './password.ts';
export { topicMatches, filterCovers } from './topic-filter.ts';
export { Acl } from './acl.ts';
export type { AclRule, AclAction } from './acl.ts';
export { ConfigAuthorizer } from './config-authorizer.ts';
export type { ConfigAuthorizerOptions } from './config-authorizer.ts';
export { readUsersFile, upsertUser, validateUsers, UsersFileError } from './users-file.ts';
export type { UserRecord } from './users-file.ts';
