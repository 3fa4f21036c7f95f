import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { messageOf } from '../../api/api-error.ts';
import type { RequestFilters } from '../../api/requests.types.ts';

/** The server's content-disposition name when it gives one, else a dated fallback. */
function fileName(res: Response, format: string): string {
  const match = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return match?.[1] ?? `switchyard-requests-${new Date().toISOString().slice(0, 19)}.${format}`;
}

/** A plain link cannot carry the Bearer header, so the file is fetched and handed over as a blob. */
async function download(filters: RequestFilters, format: 'csv' | 'json'): Promise<void> {
  const res = await adminApi.exportRequests(filters, format);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(res, format);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButtons({ filters }: { filters: RequestFilters }) {
  const [error, setError] = useState<string | null>(null);
  const run = (format: 'csv' | 'json') => {
    setError(null);
    download(filters, format).catch((err: unknown) => setError(`Export failed: ${messageOf(err)}`));
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => run('csv')}>
        Export CSV
      </button>
      <button type="button" className="secondary" onClick={() => run('json')}>
        Export JSON
      </button>
      {error ? (
        <span className="state-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
