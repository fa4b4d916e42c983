import { randomUUID } from 'node:crypto';
import os from 'node:os';

/** Who holds a job's lease: one queue instance in one process on one machine. */
export interface LeaseOwner {
  /** "pid@host#instance", stored in the jobs table. */
  id: string;
  pid: number;
  host: string;
}

export function newLeaseOwner(): LeaseOwner {
  const host = os.hostname();
  return { id: `${process.pid}@${host}#${randomUUID()}`, pid: process.pid, host };
}

function parse(id: string): { pid: number; host: string } | null {
  const match = /^(\d+)@(.*)#[^#]*$/.exec(id);
  return match ? { pid: Number(match[1]), host: match[2] as string } : null;
}

/**
 * Whether the holder of a lease may still be running its job. Only a process on this machine that no
 * longer exists is known to be dead; anything else (another machine sharing the folder, another queue
 * in this process, a reused pid) is trusted until its lease expires.
 */
export function leaseHolderAlive(holderId: string, me: LeaseOwner): boolean {
  const holder = parse(holderId);
  if (!holder || holder.host !== me.host || holder.pid === me.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
