import { randomBytes } from 'node:crypto';

/** Random ids in each vendor's style, for answers whose upstream gave none. */
export function newId(prefix: 'chatcmpl-' | 'msg_' | 'toolu_' | 'call_' | 'req_' | 'resp_' | 'fc_' | 'rs_'): string {
  return prefix + randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
}
