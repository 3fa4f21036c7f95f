import { useCallback, useEffect, useRef, useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { messageOf } from '../../api/api-error.ts';
import type { ChatRequest } from '../../api/chat.types.ts';
import { readSse } from '../../api/sse.reader.ts';
import { IDLE, type RunState } from './chat-run.types.ts';
import { applyStreamEvent } from './stream-events.mapper.ts';

export function useChatRun(): { run: RunState; send: (body: ChatRequest) => Promise<void>; stop: () => void } {
  const [run, setRun] = useState<RunState>(IDLE);
  const abort = useRef<AbortController | null>(null);

  const send = useCallback(async (body: ChatRequest) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    let state: RunState = { ...IDLE, phase: 'waiting' };
    const show = (next: RunState) => {
      state = next;
      if (abort.current === controller) setRun(next);
    };
    show(state);
    try {
      const res = await adminApi.chat(body, controller.signal);
      show({ ...state, ttfbMs: performance.now() - started });
      if (body.stream && res.body) {
        for await (const event of readSse(res.body)) show(applyStreamEvent(state, event));
      } else {
        const answer = await adminApi.answer(res);
        show({
          ...state,
          text: answer.content,
          model: answer._actual_model_used ?? answer.model,
          provider: answer.provider,
          route: answer._route,
          attempts: answer._attempts ?? [],
          usage: answer.usage,
          finishReason: answer.finish_reason,
        });
      }
      show({ ...state, phase: state.phase === 'error' ? 'error' : 'done', latencyMs: performance.now() - started });
    } catch (err) {
      const stopped = controller.signal.aborted;
      show({
        ...state,
        phase: 'error',
        error: stopped ? 'Stopped.' : messageOf(err),
        latencyMs: performance.now() - started,
      });
    }
  }, []);

  const stop = useCallback(() => abort.current?.abort(), []);
  // Leaving the page ends the request too, rather than leave it streaming to no one.
  useEffect(() => () => abort.current?.abort(), []);
  return { run, send, stop };
}
