import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
/** Ids drawn per refill: one call into the system's random source costs as much as a few hundred ids. */
const IDS_PER_REFILL = 256;

let pool = Buffer.alloc(0);
let offset = 0;

function nextIdBytes(): Buffer {
  if (offset === pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(ID_BYTES * IDS_PER_REFILL));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return bytes;
}

/**
 * Random ids in each vendor's style, for answers whose upstream gave none. They name an answer or a
 * tool call and guard nothing, so they are drawn from a pool of random bytes refilled in batches
 * (as Node does for `randomUUID`), each byte used once.
 */
export function newId(prefix: 'chatcmpl-' | 'msg_' | 'toolu_' | 'call_' | 'req_' | 'resp_' | 'fc_' | 'rs_'): string {
  return prefix + nextIdBytes().toString('base64url').replace(/[-_]/g, 'x');
}
