// Who owns a client id now (issue 8's session directory seam). A node claims a client id when a client
// connects to it with that id; each claim gets the next epoch, so a record (nodeId, epoch) can always
// be told apart from a newer one, and a stale owner can never overwrite a newer owner's state: the
// session registry checks `owns` before every write-through, and `release` by a stale owner is ignored.
//
// Contract (every implementation; directory-contract.test.ts):
// - claim(clientId, nodeId) resolves to { clientId, nodeId, epoch } with epoch greater than every
//   epoch handed out for that client id before; from then on only that record owns it.
// - owns(clientId, nodeId, epoch) is true for the latest claim only (synchronous: an implementation
//   backed by a remote store keeps a cache it invalidates on a newer claim).
// - release(clientId, nodeId, epoch) forgets the owner when (nodeId, epoch) is the latest claim, and is
//   a no-op (false) otherwise.
// - owner(clientId): the latest claim, undefined when nobody has claimed it (or it was released).
//
// The local implementation keeps the records in memory: after a restart nobody owns anything, which
// for one process means "this node owned every stored session and nobody claimed any since".
// A cluster implementation keeps them in the shared store (etcd / MySQL) instead.

export interface OwnerRecord {
  readonly clientId: string;
  readonly nodeId: string;
  readonly epoch: number;
}

export interface SessionDirectory {
  claim(clientId: string, nodeId: string): Promise<OwnerRecord>;
  owns(clientId: string, nodeId: string, epoch: number): boolean;
  release(clientId: string, nodeId: string, epoch: number): boolean;
  owner(clientId: string): OwnerRecord | undefined;
}

export class LocalSessionDirectory implements SessionDirectory {
  private readonly records = new Map<string, OwnerRecord>();
  /** Epochs survive a release, so a later claim still gets a higher one. */
  private readonly epochs = new Map<string, number>();

  /** `initial`: records known at start (tests; a store that remembers owners across restarts). */
  constructor(initial: readonly OwnerRecord[] = []) {
    for (const r of initial) {
      this.records.set(r.clientId, r);
      this.epochs.set(r.clientId, r.epoch);
    }
  }

  claim(clientId: string, nodeId: string): Promise<OwnerRecord> {
    const epoch = (this.epochs.get(clientId) ?? 0) + 1;
    const record: OwnerRecord = { clientId, nodeId, epoch };
    this.epochs.set(clientId, epoch);
    this.records.set(clientId, record);
    return Promise.resolve(record);
  }

  owns(clientId: string, nodeId: string, epoch: number): boolean {
    const r = this.records.get(clientId);
    return r !== undefined && r.nodeId === nodeId && r.epoch === epoch;
  }

  release(clientId: string, nodeId: string, epoch: number): boolean {
    if (!this.owns(clientId, nodeId, epoch)) return false;
    this.records.delete(clientId);
    return true;
  }

  owner(clientId: string): OwnerRecord | undefined {
    return this.records.get(clientId);
  }
}
