import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataFolderLockedError extends Error {}

/** Lock files this process holds: a second open in the same process is refused too. */
const heldByThisProcess = new Set<string>();

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates lockPath holding our pid, all at once: link() of a written temp file is exclusive. */
function tryCreate(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, String(process.pid), { flag: 'wx' });
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

function readOwner(lockPath: string): { pid: number; inode: number } | undefined {
  try {
    const inode = statSync(lockPath).ino;
    return { pid: Number(readFileSync(lockPath, 'utf8').trim()), inode };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * PGlite has no lock of its own: two processes on one data folder silently lose rows.
 * A lock file holding the owner's pid keeps the second one out. It is written whole (a temp
 * file linked into place), so it never exists empty. A lock is stale, and taken over, when its
 * process is gone, or when its pid is our own but this process does not hold it: a previous
 * life of this container (in Docker node runs as PID 1 every time).
 */
export function lockDataFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = resolve(join(dataDir, 'service.lock'));
  if (heldByThisProcess.has(lockPath)) {
    throw new DataFolderLockedError(
      `The embedded database in ${dataDir} is already open in this process (pid ${process.pid}).`,
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(lockPath)) {
      heldByThisProcess.add(lockPath);
      return () => {
        heldByThisProcess.delete(lockPath);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone: nothing to release
        }
      };
    }
    const owner = readOwner(lockPath);
    if (!owner) continue;
    const ownerPid = owner.pid;
    const alive =
      Number.isInteger(ownerPid) &&
      ownerPid > 0 &&
      ownerPid !== process.pid &&
      isProcessAlive(ownerPid);
    if (alive) {
      throw new DataFolderLockedError(
        `The embedded database in ${dataDir} is in use by process ${ownerPid}. ` +
          'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
    // Remove the stale file only if it is still the one judged stale (not a racer's new lock).
    const current = readOwner(lockPath);
    if (current && current.inode === owner.inode) {
      try {
        unlinkSync(lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  throw new DataFolderLockedError(`Could not lock the embedded database folder ${dataDir}`);
}
