import { setFlagsFromString } from 'node:v8';

/**
 * undici parses upstream responses with llhttp compiled to WebAssembly. Once that code is hot,
 * V8 recompiles it with its optimising compiler in the background, and for llhttp's one very large
 * parsing function that compilation holds about 35 MB for a fraction of a second: the process's
 * peak RSS in its first seconds of traffic. The baseline compiler (Liftoff) parses streamed
 * answers at the same measured CPU cost, so WebAssembly stays on it. V8 reads these flags when a
 * module is compiled, which undici does at its first upstream connection, after this has run;
 * they touch nothing but WebAssembly, and llhttp is the only WebAssembly the gateway runs.
 */
export function keepWebAssemblyOnBaselineCompiler(): void {
  setFlagsFromString('--no-wasm-dynamic-tiering');
  setFlagsFromString('--no-wasm-tier-up');
}
