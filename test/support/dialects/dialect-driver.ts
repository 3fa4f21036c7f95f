/** One client dialect, driven the way its users drive it, reduced to what the matrix compares. */
export interface DialectDriver {
  readonly name: 'openai' | 'anthropic' | 'unified' | 'responses';
  /** Sends one user message; returns the answer's text. */
  ask(model: string, prompt: string, stream: boolean): Promise<string>;
  /** Sends one user message with a 1x1 PNG (base64) before the text; returns the answer's text. */
  askWithImage(model: string, prompt: string, stream: boolean): Promise<string>;
  /** Offers the weather tool, answers the model's call with `TOOL_RESULT`, returns both turns. */
  toolRoundTrip(model: string, stream: boolean): Promise<ToolRoundTrip>;
}

export interface ToolRoundTrip {
  /** The parsed arguments of the model's first tool call. */
  arguments: unknown;
  /** The text of the answer to the tool result. */
  finalText: string;
}

export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

export const TOOL_QUESTION = 'What is the weather in Oslo?';
export const TOOL_RESULT = 'sunny, 21 C';
