/**
 * How much of a body value the canonical request keeps exactly (so the cache key covers it already):
 * - `true`: all of it;
 * - a map: those members of an object, each by its own rule; any other member, or a value that is
 *   not an object, still reaches a same-format upstream as it came;
 * - a test: all of it when the test holds, none otherwise (a value the decoder maps onto another);
 * - `{ each }`: every item of a list by that rule (a string in the list's place, which decoders
 *   read as one text, is kept whole);
 * - `{ by, rules }`: an object by the rule its `by` member names (a block's `type`, a message's
 *   `role`), or `absent` when it has none; an object whose `by` names no rule is not kept at all;
 * - `{ when, then, otherwise }`: by `then` when the test holds, else by `otherwise`, or not at all
 *   without one (a message its decoder drops whole, a part it reads one way or another by what
 *   it holds).
 */
export type Kept =
  true | ReadonlyMap<string, Kept> | ((value: unknown) => boolean) | EachItem | ChosenByMember | KeptWhen;

export interface EachItem {
  readonly each: Kept;
}

export interface ChosenByMember {
  readonly by: string;
  readonly rules: ReadonlyMap<string, Kept>;
  readonly absent?: Kept;
}

export interface KeptWhen {
  readonly when: (value: unknown) => boolean;
  readonly then: Kept;
  readonly otherwise?: Kept;
}

export const rules = (kept: Record<string, Kept>): ReadonlyMap<string, Kept> => new Map(Object.entries(kept));

export const each = (item: Kept): EachItem => ({ each: item });

/** Blocks, parts, items and tools, told apart by their `type`. */
export const byType = (kept: Record<string, Kept>, absent?: Kept): ChosenByMember => ({
  by: 'type',
  rules: rules(kept),
  absent,
});

/** Messages, whose members depend on their `role`. */
export const byRole = (kept: Record<string, Kept>): ChosenByMember => ({ by: 'role', rules: rules(kept) });

/** `then`, for a value the test holds of; `otherwise` (or none of it) for any other. */
export const keptWhen = (when: (value: unknown) => boolean, then: Kept, otherwise?: Kept): KeptWhen => ({
  when,
  then,
  otherwise,
});
