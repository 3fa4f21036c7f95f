/** Documented `/api/chat` bodies; the codec's spec decodes each, so the docs cannot drift from it. */

export const SEED_CHAT_EXAMPLE = {
  model: 'claude-3-opus',
  messages: [{ role: 'user', content: 'Hello' }],
  max_tokens: 256,
  temperature: 0.7,
};

export const AUTO_ROUTED_EXAMPLE = {
  messages: [{ role: 'user', content: '帮我写一段排序代码 (write some sorting code)' }],
  routing_rules: [{ pattern: '代码|code', model: 'cursor' }],
  max_tokens: 512,
};

export const UNIFIED_ANSWER_EXAMPLE = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  object: 'chat.completion.unified',
  content: 'Hello! How can I help you today?',
  _actual_model_used: 'claude-3-opus',
  model: 'claude-3-opus',
  provider: 'claude',
  finish_reason: 'stop',
  usage: { input_tokens: 9, output_tokens: 12, total_tokens: 21 },
  _route: { reason: 'explicit' },
  _attempts: [{ model: 'claude-3-opus', provider: 'claude', outcome: 'ok', ms: 840 }],
};
