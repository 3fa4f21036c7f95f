import { newId } from '#src/core/ids.js';
import type { OutputItem, ResponseObject, ResponsesError, ResponsesUsage } from './responses-wire.types.js';

/** What stays fixed over one response: its id, creation time and the gateway's model name. */
export interface ResponseHead {
  id: string;
  createdAt: number;
  model: string;
}

export function responseHead(upstreamId: string | undefined, model: string, nowMs: number): ResponseHead {
  return { id: responseId(upstreamId), createdAt: Math.floor(nowMs / 1000), model };
}

/** Upstream ids are kept only when they already look like a response id, so clients see one id style. */
function responseId(upstreamId: string | undefined): string {
  return upstreamId?.startsWith('resp_') ? upstreamId : newId('resp_');
}

export interface ResponseState {
  status: ResponseObject['status'];
  incomplete_details?: ResponseObject['incomplete_details'];
  error?: ResponsesError;
  output: OutputItem[];
  usage?: ResponsesUsage;
}

/** The whole `response` object: state, plus the client body's settings echoed back as OpenAI does. */
export function responseObject(
  head: ResponseHead,
  body: Record<string, unknown>,
  state: ResponseState,
): ResponseObject {
  return {
    id: head.id,
    object: 'response',
    created_at: head.createdAt,
    status: state.status,
    error: state.error ?? null,
    incomplete_details: state.incomplete_details ?? null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: head.model,
    output: state.output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    store: body.store ?? false,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: state.usage ?? null,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}
