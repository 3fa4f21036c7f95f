import type { ChatRequest } from '#src/core/chat.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { CARRIED_FIELDS, type Kept } from './carried-fields.js';

type Extras = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a request asks of the model beyond its canonical form, for the cache key. A same-format
 * upstream is sent the client's body as it came, so a field the canonical form leaves out or
 * changes (`frequency_penalty`, an Ollama `repeat_penalty`, effort `xhigh` read as `high`) still
 * shapes the answer; and when the decoder dropped a part it has no form for (a server tool, an
 * unknown block), the conversation itself is only known from the body (`inbound`, the client's
 * body as it came). Undefined for a request fully carried, which keeps it answerable across dialects.
 */
export function uncarriedInputs(request: ChatRequest, inbound: InboundBody | undefined): Extras | undefined {
  if (inbound === undefined) return undefined;
  if (request.warnings !== undefined && request.warnings.length > 0) {
    const { stream: _stream, stream_options: _options, ...body } = inbound.body;
    return { shape: inbound.shape, body };
  }
  return uncarriedMembers(inbound.body, CARRIED_FIELDS[inbound.shape], '', undefined);
}

/**
 * The members of `value` that `kept` does not keep, under their dotted paths, added to `found`.
 * It runs on every cacheable request, which is most often carried whole: a plain loop over the
 * keys, and no object until something is found. A null in a carried field's place is read as
 * absent, by its decoder and by upstreams alike.
 */
function uncarriedMembers(
  value: Record<string, unknown>,
  kept: ReadonlyMap<string, Kept>,
  prefix: string,
  found: Extras | undefined,
): Extras | undefined {
  for (const name of Object.keys(value)) {
    const rule = kept.get(name);
    const member = value[name];
    if (rule === true || (rule !== undefined && member === null)) continue;
    if (typeof rule === 'function') {
      if (rule(member)) continue;
    } else if (rule !== undefined && isRecord(member)) {
      found = uncarriedMembers(member, rule, `${prefix}${name}.`, found);
      continue;
    }
    found ??= {};
    found[prefix + name] = member;
  }
  return found;
}
