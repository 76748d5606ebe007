import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { lockDataFolder } from './data-folder-lock';

export const IN_MEMORY = 'memory://';

export interface EmbeddedDatabase {
  /** node-postgres options that route every query to the in-process PGlite. */
  poolOptions: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Opens PGlite (in-process PostgreSQL) in `dataDir`, or in memory when dataDir is `memory://`
 * (nothing kept; the test fallback when no server is reachable). One session only: queries
 * run one at a time.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  let releaseLock = (): void => undefined;
  let pgDataDir: string | undefined;
  if (dataDir !== IN_MEMORY) {
    releaseLock = lockDataFolder(resolve(dataDir));
    pgDataDir = join(resolve(dataDir), 'pgdata');
    mkdirSync(pgDataDir, { recursive: true });
  }
  try {
    const pglite = await PGlite.create({ dataDir: pgDataDir, extensions: { pg_trgm, pgcrypto } });
    const pgConfig = createPgConfig(pglite);
    return {
      // poolSize 1 and no idle timeout: the pool's single client is PGlite's single session.
      poolOptions: { connection: pgConfig.connection, max: 1, idleTimeoutMillis: 0 },
      async close() {
        try {
          await pglite.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
