import type { AttemptRecord, ChatUsage, RouteExplanation } from '../../api/chat.types.ts';
import type { SseEvent } from '../../api/sse.reader.ts';
import type { RunState } from './chat-run.types.ts';

interface StartData {
  model: string;
  provider: string;
  _actual_model_used?: string;
  _route: RouteExplanation;
}
interface DoneData {
  finish_reason: string;
  usage: ChatUsage;
  _attempts: AttemptRecord[];
}

/** Folds one event of the unified SSE stream into the run; unknown events (tool calls…) change nothing. */
export function applyStreamEvent(run: RunState, event: SseEvent): RunState {
  if (event.data === '[DONE]') return run;
  const data: unknown = JSON.parse(event.data);
  switch (event.event) {
    case 'start': {
      const start = data as StartData;
      return {
        ...run,
        phase: 'streaming',
        model: start._actual_model_used ?? start.model,
        provider: start.provider,
        route: start._route,
      };
    }
    case 'delta':
      return { ...run, phase: 'streaming', text: run.text + ((data as { content?: string }).content ?? '') };
    case 'done': {
      const done = data as DoneData;
      return { ...run, finishReason: done.finish_reason, usage: done.usage, attempts: done._attempts ?? [] };
    }
    case 'error':
      return {
        ...run,
        phase: 'error',
        error: (data as { error?: { message?: string } }).error?.message ?? 'The stream failed',
      };
    default:
      return run;
  }
}
