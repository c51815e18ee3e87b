// The Authorizer built from configuration: a user list with scrypt hashes, anonymous on/off, ACL rules.
// - No username: allowed if anonymous is allowed, else 'not-authorized' (CONNACK 5).
// - A username while no users are configured: accepted if anonymous is allowed (nothing to check
//   it against), else 'bad-credentials'.
// - Unknown username or wrong/missing password: 'bad-credentials' (CONNACK 4). An unknown user
//   still costs one scrypt run so that timing does not tell which usernames exist.
import type { AuthResult, Authorizer } from '../model/contracts.ts';
import { Acl } from './acl.ts';
import type { AclRule } from './acl.ts';
import { DEFAULT_SCRYPT, parsePasswordHash, verifyPassword } from './password.ts';
import type { ParsedHash } from './password.ts';
import type { UserRecord } from './users-file.ts';

export interface ConfigAuthorizerOptions {
  allowAnonymous: boolean;
  users: readonly UserRecord[];
  acl: readonly AclRule[];
}

export class ConfigAuthorizer implements Authorizer {
  private readonly allowAnonymous: boolean;
  private readonly users = new Map<string, ParsedHash>();
  private readonly acl: Acl;
  private readonly decoy: ParsedHash = {
    N: DEFAULT_SCRYPT.N, r: DEFAULT_SCRYPT.r, p: DEFAULT_SCRYPT.p,
    salt: Buffer.alloc(DEFAULT_SCRYPT.saltLength, 1), key: Buffer.alloc(DEFAULT_SCRYPT.keyLength, 2),
  };

  constructor(options: ConfigAuthorizerOptions) {
    this.allowAnonymous = options.allowAnonymous;
    for (const user of options.users) this.users.set(user.username, parsePasswordHash(user.passwordHash));
    this.acl = new Acl(options.acl);
  }

  get userCount(): number {
    return this.users.size;
  }

  async authenticate(_clientId: string, username: string | undefined, password: Buffer | undefined): Promise<AuthResult> {
    if (username === undefined) return this.allowAnonymous ? 'ok' : 'not-authorized';
    if (this.users.size === 0) return this.allowAnonymous ? 'ok' : 'bad-credentials';
    const stored = this.users.get(username);
    if (!stored) {
      await verifyPassword(password ?? Buffer.alloc(0), this.decoy);
      return 'bad-credentials';
    }
    if (password === undefined) return 'bad-credentials';
    return (await verifyPassword(password, stored)) ? 'ok' : 'bad-credentials';
  }

  canPublish(clientId: string, username: string | undefined, topic: string): boolean {
    return this.acl.canPublish(clientId, username, topic);
  }

  canSubscribe(clientId: string, username: string | undefined, filter: string): boolean {
    return this.acl.canSubscribe(clientId, username, filter);
  }

  canRead(clientId: string, username: string | undefined, topic: string): boolean {
    return this.acl.canRead(clientId, username, topic);
  }
}
