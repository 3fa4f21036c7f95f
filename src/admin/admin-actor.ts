import type { FastifyRequest } from 'fastify';

/**
 * Who made a change through the admin API, as every audit trail (keys, weights) names it: the
 * admin token holder and the caller's address, e.g. `admin ui (10.0.0.5)`; never the token.
 */
export const adminActor = (req: FastifyRequest): string => `admin ui (${req.ip})`;
