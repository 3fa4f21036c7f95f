import type { OpenAIModel } from './openai-wire.types.js';

export interface ListedModel {
  name: string;
  provider: string;
}

export interface OpenAIModelList {
  object: 'list';
  data: OpenAIModel[];
}

/** One `GET /v1/models/{id}` entry; `createdMs` is when the gateway's model table was loaded. */
export function toOpenAIModel(model: ListedModel, createdMs: number): OpenAIModel {
  return { id: model.name, object: 'model', created: Math.floor(createdMs / 1000), owned_by: model.provider };
}

/** `GET /v1/models`, which Cursor and other clients call to verify a base URL. */
export function toOpenAIModelList(models: readonly ListedModel[], createdMs: number): OpenAIModelList {
  return { object: 'list', data: models.map((m) => toOpenAIModel(m, createdMs)) };
}
