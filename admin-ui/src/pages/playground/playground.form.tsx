import { useState, type FormEvent } from 'react';
import type { ChatRequest } from '../../api/chat.types.ts';

interface PlaygroundFormProps {
  models: string[];
  busy: boolean;
  onSend: (body: ChatRequest) => void;
  onExplain: (body: ChatRequest) => void;
  onStop: () => void;
}

export function PlaygroundForm({ models, busy, onSend, onExplain, onStop }: PlaygroundFormProps) {
  const [model, setModel] = useState('auto');
  const [system, setSystem] = useState('');
  const [message, setMessage] = useState('');
  const [stream, setStream] = useState(true);

  /** "auto" is sent as is: the gateway routes it like a request that names no model. */
  const body = (): ChatRequest => ({
    model,
    messages: [{ role: 'user', content: message }],
    ...(system.trim() ? { system } : {}),
    stream,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend(body());
  };

  return (
    <form className="playground-form" onSubmit={submit} aria-label="Playground">
      <label>
        Model
        <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="playground-model">
          <option value="auto">auto (let the router choose)</option>
          {models.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        System prompt
        <textarea rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
      </label>
      <label>
        Message
        <textarea rows={4} value={message} onChange={(e) => setMessage(e.target.value)} required />
      </label>
      <label className="inline">
        <input type="checkbox" checked={stream} onChange={(e) => setStream(e.target.checked)} />
        Stream
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy || message.trim() === ''}>
          Send
        </button>
        <button
          type="button"
          className="secondary"
          disabled={message.trim() === ''}
          onClick={() => onExplain({ ...body(), stream: false })}
        >
          Explain only
        </button>
        {busy ? (
          <button type="button" className="secondary" onClick={onStop}>
            Stop
          </button>
        ) : null}
      </div>
    </form>
  );
}
