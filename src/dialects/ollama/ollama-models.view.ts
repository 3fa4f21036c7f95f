import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';

/** The Ollama API level these answers follow, reported by `/api/version` (clients gate features on it). */
export const OLLAMA_API_VERSION = '0.12.6';

/** Fixed so that the list is stable between calls; the gateway's models have no real modification date. */
const MODIFIED_AT = new Date().toISOString();

/**
 * Every gateway model in Ollama's list and show shapes, whichever provider serves it. What a
 * cloud model has no value for says so: size 0, empty parameter size and quantisation, format
 * `api`; the digest is a hash of the name, stable across restarts.
 */
@Injectable()
export class OllamaModelsView {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** `allows`: the caller's key allowlist, when client keys are on. */
  tags(allows: (model: string) => boolean = () => true) {
    const models = this.catalog
      .all()
      .filter((m) => this.catalog.status(m) === 'available' && allows(m.name))
      .map((m) => ({
        name: m.name,
        model: m.name,
        modified_at: MODIFIED_AT,
        size: 0,
        digest: createHash('sha256').update(m.name).digest('hex'),
        details: this.details(m),
      }));
    return { models };
  }

  /**
   * A model outside the caller's allowlist, or with no configured provider, is not found, as in
   * `tags`: the key learns nothing of it, and no client is offered a model it cannot call.
   */
  show(body: unknown, allows: (model: string) => boolean = () => true) {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const name = typeof fields.model === 'string' ? fields.model : typeof fields.name === 'string' ? fields.name : '';
    const model = name === '' ? undefined : this.catalog.find(name);
    if (!model || this.catalog.status(model) !== 'available' || !allows(model.name)) {
      throw new GatewayError('model_not_found', `The model '${name}' does not exist on this gateway`, {
        param: 'model',
      });
    }
    const details = this.details(model);
    const info: Record<string, unknown> = { 'general.architecture': details.family, 'general.basename': model.name };
    if (model.contextWindow !== undefined) info[`${details.family}.context_length`] = model.contextWindow;
    return {
      modelfile: '',
      parameters: '',
      template: '',
      details,
      model_info: info,
      capabilities: ollamaCapabilities(model.capabilities),
      modified_at: MODIFIED_AT,
    };
  }

  /** The family is the kind of provider that serves the model's first deployment on a configured provider. */
  private details(model: ModelConfig) {
    const providers = model.deployments.map((d) => this.config.providers[d.provider]);
    const provider = providers.find((p) => p?.configured === true) ?? providers[0];
    const family = provider?.type ?? 'switchyard';
    return {
      parent_model: '',
      format: family === 'ollama' ? 'gguf' : 'api',
      family,
      families: [family],
      parameter_size: '',
      quantization_level: '',
    };
  }
}

/** Gateway capabilities in Ollama's words; an embedding model does not complete text. */
export function ollamaCapabilities(capabilities: readonly string[]): string[] {
  const has = (c: string) => capabilities.includes(c);
  const out = has('embeddings') || has('embedding') ? ['embedding'] : ['completion'];
  if (has('tools')) out.push('tools');
  if (has('vision')) out.push('vision');
  if (has('thinking') || has('reasoning')) out.push('thinking');
  return out;
}
