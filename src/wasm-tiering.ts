import { setFlagsFromString } from 'node:v8';

/**
 * undici parses upstream responses with llhttp compiled to WebAssembly. Once that code is hot,
 * V8 recompiles it with its optimising compiler in the background, and for llhttp's one very large
 * parsing function that compilation holds about 35 MB for a fraction of a second: the process's
 * peak RSS in its first seconds of traffic. On the baseline compiler (Liftoff) llhttp's share of
 * busy CPU went from 1.36 to 1.44 % in profiles of streamed answers, so WebAssembly stays on it.
 * V8 reads these flags when a module is compiled, which undici does at its first upstream
 * connection, after `bootstrap()` has set them; they touch nothing but WebAssembly, and llhttp
 * (undici's, and node's own fetch's) is the only WebAssembly the gateway runs.
 */
export function keepWebAssemblyOnBaselineCompiler(): void {
  setFlagsFromString('--no-wasm-dynamic-tiering');
  setFlagsFromString('--no-wasm-tier-up');
}
