import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { messageOf } from '../../api/api-error.ts';
import { formatNumber } from '../../common/format.ts';
import type { RequestFilters } from '../../api/requests.types.ts';

/** The server's content-disposition name when it gives one, else a dated fallback. */
function fileName(res: Response, format: string): string {
  const match = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return match?.[1] ?? `switchyard-requests-${new Date().toISOString().slice(0, 19)}.${format}`;
}

/**
 * What the gateway's headers say the file leaves out: rows beyond what one export holds, and rows
 * older than a bounded text search looked through. Null when the file holds every match.
 */
function partialNote(headers: Headers): string | null {
  const rows = Number(headers.get('x-export-rows'));
  const total = Number(headers.get('x-export-total'));
  const window = headers.get('x-export-search-window');
  const notes: string[] = [];
  if (Number.isFinite(rows) && Number.isFinite(total) && rows < total) {
    notes.push(`The file holds the newest ${formatNumber(rows)} of ${formatNumber(total)} matching requests.`);
  }
  if (window !== null)
    notes.push(`The search looked through the newest ${formatNumber(Number(window))} requests only.`);
  return notes.length ? notes.join(' ') : null;
}

/**
 * A plain link cannot carry the Bearer header, so the file is fetched and handed over as a blob.
 * Returns what the file leaves out, if anything.
 */
async function download(filters: RequestFilters, format: 'csv' | 'json'): Promise<string | null> {
  const res = await adminApi.exportRequests(filters, format);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(res, format);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return partialNote(res.headers);
}

/** What the last export said, kept with the filters it was made under. */
interface ExportNote {
  filters: string;
  partial: string | null;
  error: string | null;
}

export function ExportButtons({ filters }: { filters: RequestFilters }) {
  // A note speaks of the file made under the filters then shown: once they change it is cleared,
  // so going back to those filters later does not bring it back.
  const current = JSON.stringify(filters);
  const [note, setNote] = useState<ExportNote | null>(null);
  if (note !== null && note.filters !== current) setNote(null);
  const shown = note?.filters === current ? note : null;
  const run = (format: 'csv' | 'json') => {
    setNote(null);
    download(filters, format)
      .then((partial) => setNote({ filters: current, partial, error: null }))
      .catch((err: unknown) => setNote({ filters: current, partial: null, error: `Export failed: ${messageOf(err)}` }));
  };
  const partial = shown?.partial;
  const error = shown?.error;
  return (
    <>
      <button type="button" className="secondary" onClick={() => run('csv')}>
        Export CSV
      </button>
      <button type="button" className="secondary" onClick={() => run('json')}>
        Export JSON
      </button>
      {partial ? (
        <span className="muted small" role="status" data-testid="export-partial">
          {partial}
        </span>
      ) : null}
      {error ? (
        <span className="state-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
