/** A response body that is JSON already (an upstream's own answer): sent as is, never serialised again. */
export class JsonText {
  constructor(readonly text: string) {}
}
