/**
 * The process's PostgreSQL, or null when `DATABASE_URL` is not set (local mode). Kept apart from
 * the database class so that injecting it does not load the PostgreSQL driver in local mode.
 */
export const POSTGRES_DATABASE = Symbol('PostgresDatabase');
