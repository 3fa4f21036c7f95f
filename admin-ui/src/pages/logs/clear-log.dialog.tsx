import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { messageOf } from '../../api/api-error.ts';
import { Modal } from '../../common/modal.tsx';

/** Deleting the request log cannot be undone, so it takes a second, explicit click. */
export function ClearLogDialog({
  onCancel,
  onCleared,
}: {
  onCancel: () => void;
  onCleared: (deleted: number) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      onCleared((await adminApi.clearRequests()).deleted);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Clear the request log?"
      onClose={onCancel}
      testId="clear-dialog"
      footer={
        <>
          <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
            Delete every logged request
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <p>Every logged request is deleted from the log store. Metrics and system logs are kept.</p>
      {error ? (
        <p className="state state-error" role="alert">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
