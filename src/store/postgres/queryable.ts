import type pg from 'pg';

/** A pool or one client inside a transaction: the repositories run their statements on either. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
