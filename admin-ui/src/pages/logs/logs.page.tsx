import { useState } from 'react';
import { formatNumber } from '../../common/format.ts';
import { Panel } from '../../common/panel.tsx';
import { Empty, ErrorNote, Loading } from '../../common/states.tsx';
import { ClearLogDialog } from './clear-log.dialog.tsx';
import { ExportButtons } from './export.buttons.tsx';
import { RequestDetailDialog } from './request-detail.dialog.tsx';
import { RequestFiltersForm } from './request-filters.form.tsx';
import { RequestsTable } from './requests.table.tsx';
import { SystemLogPanel } from './system-log.panel.tsx';
import { useRequestLog } from './use-request-log.hook.ts';

export function LogsPage() {
  const log = useRequestLog();
  const [openId, setOpenId] = useState<string | number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const actions = (
    <>
      <button type="button" className="secondary" onClick={log.refresh}>
        Refresh
      </button>
      <ExportButtons filters={log.filters} />
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Clear
      </button>
    </>
  );

  return (
    <div className="page" data-testid="page-logs">
      <h1>Logs</h1>
      <Panel title="Requests" actions={actions}>
        <RequestFiltersForm initial={log.filters} onApply={log.apply} />
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        {log.error ? <ErrorNote error={log.error} prefix="Could not load the request log" /> : null}
        {log.loading && log.items.length === 0 ? <Loading what="requests" /> : null}
        {!log.loading && !log.error && log.items.length === 0 ? <Empty>No requests match.</Empty> : null}
        {log.items.length ? <RequestsTable rows={log.items} onOpen={setOpenId} /> : null}
        <p className="muted small" data-testid="requests-count">
          Showing {formatNumber(log.items.length)} of {formatNumber(log.total)}
          {log.searchWindow !== null ? ` (searched the newest ${formatNumber(log.searchWindow)} requests)` : null}
        </p>
        {log.more ? (
          <button type="button" className="secondary" disabled={log.loading} onClick={log.loadMore}>
            {log.loading ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </Panel>
      <SystemLogPanel />
      {openId !== null ? <RequestDetailDialog id={openId} onClose={() => setOpenId(null)} /> : null}
      {confirming ? (
        <ClearLogDialog
          onCancel={() => setConfirming(false)}
          onCleared={(deleted) => {
            setConfirming(false);
            setNotice(`Deleted ${formatNumber(deleted)} logged request${deleted === 1 ? '' : 's'}.`);
            log.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
