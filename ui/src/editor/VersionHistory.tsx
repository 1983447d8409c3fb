import { useEffect, useState } from 'react';
import { message } from '../api/client';
import type { Flow } from '../api/types';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import { restore, versions, type VersionInfo } from './api';
import { VersionView } from './VersionView';
import { ErrorNotice } from '../pages/Notice';

interface Props {
  flow: Flow;
  /** The draft has changes that are not saved: restoring loses them. */
  dirty: boolean;
  onRestored: (flow: Flow, version: number) => void;
  onClose: () => void;
}

/**
 * VersionHistory lists the published versions of a flow, newest first;
 * any can be looked at and restored as the draft.
 */
export function VersionHistory({ flow, dirty, onRestored, onClose }: Props) {
  const [items, setItems] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState('');
  const [viewing, setViewing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    versions(flow.id).then(
      (v) => live && setItems(v),
      (err: unknown) => live && setError(`The versions could not be loaded: ${message(err)}`),
    );
    return () => {
      live = false;
    };
  }, [flow.id, flow.version]);

  const doRestore = async (n: number) => {
    setConfirming(null);
    setViewing(null);
    setBusy(true);
    setError('');
    try {
      onRestored(await restore(flow.id, n), n);
    } catch (err) {
      setError(`Version ${n} could not be restored: ${message(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="panel" aria-label="Version history">
      <header className="row">
        <h2 className="spacer">Version history</h2>
        <button type="button" aria-label="Close version history" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="field-help">
        Each publish keeps a version. Restoring one copies it into the draft; publish again to make it the one that runs.
      </p>
      <ErrorNotice error={error} />
      {busy && (
        <p className="muted small" role="status">
          Restoring…
        </p>
      )}
      {items === null && !error && <p className="muted small">Loading the versions…</p>}
      {items?.length === 0 && (
        <p className="muted">Nothing published yet. Publish the flow to keep a version of it here.</p>
      )}
      {items && items.length > 0 && (
        <ol className="versions" aria-label="Published versions">
          {items.map((v) => (
            <li key={v.version}>
              <div className="row">
                <strong>Version {v.version}</strong>
                {v.version === flow.version && <span className="badge status-active">runs</span>}
              </div>
              <div className="muted small">
                Published {new Date(v.publishedAt).toLocaleString()} · {v.nodes} {v.nodes === 1 ? 'step' : 'steps'}
              </div>
              <div className="small version-name" title={v.name}>
                {v.name}
              </div>
              <div className="row">
                <button type="button" onClick={() => setViewing(v.version)} aria-label={`View version ${v.version}`}>
                  View
                </button>
                <button
                  type="button"
                  onClick={() => setConfirming(v.version)}
                  disabled={busy}
                  aria-label={`Restore version ${v.version}`}
                >
                  Restore…
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {viewing !== null && (
        <VersionView
          flowId={flow.id}
          n={viewing}
          onRestore={() => setConfirming(viewing)}
          onClose={() => setViewing(null)}
        />
      )}
      {confirming !== null && (
        <ConfirmDialog
          title={`Restore version ${confirming}?`}
          body={`The draft is replaced by version ${confirming}${
            dirty ? ', and your unsaved changes are lost' : ''
          }. What runs does not change until you publish.`}
          confirm="Restore"
          onConfirm={() => void doRestore(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </aside>
  );
}
