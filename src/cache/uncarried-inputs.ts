import { isRecord } from '#src/core/is-record.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { CARRIED_FIELDS } from './carried-fields.js';
import type { ChosenByMember, Kept } from './kept.js';

type Extras = Record<string, unknown>;

/**
 * What a request asks of the model beyond its canonical form, for the cache key. A same-format
 * upstream is sent the client's body as it came, so a field the canonical form leaves out or
 * changes (`frequency_penalty`, an Ollama `repeat_penalty`, effort `xhigh` read as `high`, a
 * tool's `input_examples`, a text block's `citations`) still shapes the answer; and when the
 * decoder dropped a part it has no form for (a server tool, an unknown block), the conversation
 * itself is only known from the body (`inbound`, the client's body as it came). Undefined for a
 * request fully carried, which keeps it answerable across dialects.
 */
export function uncarriedInputs(request: ChatRequest, inbound: InboundBody | undefined): Extras | undefined {
  if (inbound === undefined) return undefined;
  if (request.warnings !== undefined && request.warnings.length > 0) {
    const { stream: _stream, stream_options: _options, ...body } = inbound.body;
    return { shape: inbound.shape, body };
  }
  return uncarriedMembers(inbound.body, CARRIED_FIELDS[inbound.shape]);
}

/** Said of a value none of which is kept: whoever holds it adds it whole, under its own path. */
const ALL = Symbol('all of it');

/**
 * The members of `value` that `kept` does not keep, under their dotted paths (list items by their
 * index, so two items never share one). It runs on every cacheable request, most often carried
 * whole and often hundreds of blocks long: plain loops, and no object until something is found.
 * A null in a carried member's place is read as absent, by its decoder and by upstreams alike.
 */
function uncarriedMembers(value: Record<string, unknown>, kept: ReadonlyMap<string, Kept>): Extras | undefined {
  let found: Extras | undefined;
  for (const name in value) {
    const member = value[name];
    const rule = kept.get(name);
    if (rule === undefined) found = add(found, name, member);
    else if (member !== null) found = addMissed(found, name, member, uncarriedPart(member, rule));
  }
  return found;
}

function uncarriedPart(value: unknown, rule: Kept): Extras | typeof ALL | undefined {
  if (rule === true) return undefined;
  if (typeof rule === 'function') return rule(value) ? undefined : ALL;
  if ('when' in rule) {
    const chosen = rule.when(value) ? rule.then : rule.otherwise;
    return chosen === undefined ? ALL : uncarriedPart(value, chosen);
  }
  if ('each' in rule) return typeof value === 'string' ? undefined : uncarriedItems(value, rule.each);
  if (!isRecord(value)) return ALL;
  if (!('by' in rule)) return uncarriedMembers(value, rule);
  const chosen = chosenRule(value, rule);
  return chosen === undefined ? ALL : uncarriedPart(value, chosen);
}

function uncarriedItems(value: unknown, rule: Kept): Extras | typeof ALL | undefined {
  if (!Array.isArray(value)) return ALL;
  let found: Extras | undefined;
  for (let i = 0; i < value.length; i++) {
    const missed = uncarriedPart(value[i], rule);
    if (missed !== undefined) found = addMissed(found, String(i), value[i], missed);
  }
  return found;
}

/** The rule an object's `by` member names, `absent` when it has none; undefined for no rule. */
function chosenRule(value: Record<string, unknown>, rule: ChosenByMember): Kept | undefined {
  const choice = value[rule.by];
  if (choice === undefined || choice === null) return rule.absent;
  return typeof choice === 'string' ? rule.rules.get(choice) : undefined;
}

function add(found: Extras | undefined, path: string, value: unknown): Extras {
  found ??= {};
  found[path] = value;
  return found;
}

/** What was missed inside `member` (all of it, or some of its members), added under `name`. */
function addMissed(found: Extras | undefined, name: string, member: unknown, missed: Extras | typeof ALL | undefined) {
  if (missed === undefined) return found;
  if (missed === ALL) return add(found, name, member);
  for (const path in missed) found = add(found, `${name}.${path}`, missed[path]);
  return found;
}
