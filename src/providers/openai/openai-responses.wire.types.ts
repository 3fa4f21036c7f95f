/**
 * The parts of OpenAI's Responses API this provider writes and reads (`wire_api: responses`).
 * Fields are optional where compatible servers are known to leave them out.
 */

export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'output_text'; text: string }
  | { type: 'input_image'; image_url?: string; file_id?: string; detail: 'auto' | 'low' | 'high' }
  | { type: 'input_file'; file_data?: string; file_url?: string; file_id?: string; filename?: string };

export type ResponsesInputItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'system'; content: ResponsesInputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string | ResponsesToolOutputContent[] };

/** What a function call's output may hold besides plain text: the input kinds of content. */
export type ResponsesToolOutputContent = Exclude<ResponsesInputContent, { type: 'output_text' }>;

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

export type ResponsesToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; name: string };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ResponsesRequestBody {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  tools?: ResponsesFunctionTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  user?: string;
  text?: { format: ResponsesTextFormat };
  reasoning?: { effort: string };
  stream?: boolean;
  store: boolean;
}

export interface ResponsesUsageBody {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export interface ResponsesOutputItemBody {
  type?: string;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  input?: string;
  content?: Array<{ type?: string; text?: string; refusal?: string }> | null;
  summary?: Array<{ type?: string; text?: string }> | null;
}

export interface ResponsesAnswerBody {
  id?: string;
  model?: string;
  status?: string;
  error?: { code?: string | null; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: ResponsesOutputItemBody[] | null;
  usage?: ResponsesUsageBody | null;
}

/** One stream event's data; which fields are set depends on `type`. */
export interface ResponsesStreamEventBody {
  type?: string;
  output_index?: number;
  delta?: string;
  item?: ResponsesOutputItemBody;
  response?: ResponsesAnswerBody;
  code?: string | null;
  message?: string;
}
