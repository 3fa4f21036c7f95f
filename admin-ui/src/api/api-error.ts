import type { ApiErrorBody } from './admin.types.ts';

/** A non-2xx answer of the admin API, carrying the envelope's message and the field it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly param: string | null;

  constructor(status: number, message: string, param: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.param = param;
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Reads the error envelope if there is one; otherwise falls back to the status line. */
export async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) return new ApiError(res.status, body.error.message, body.error.param ?? null);
  } catch {
    // Not JSON: a proxy or a crash page; the status says enough.
  }
  return new ApiError(res.status, `The server answered ${res.status} ${res.statusText}`.trim());
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
