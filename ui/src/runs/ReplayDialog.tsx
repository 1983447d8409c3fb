import { useEffect, useRef, useState } from 'react';
import type { ReplayOptions } from './api';

interface Props {
  /** Node ids the run has a step for, in order; the run can start again from any. */
  nodes: { id: string; label: string }[];
  fromNode: string;
  busy: boolean;
  onReplay: (opts: ReplayOptions) => void;
  onCancel: () => void;
}

/** ReplayDialog asks how to replay a run: on which version, and from which step. */
export function ReplayDialog({ nodes, fromNode: initialFrom, busy, onReplay, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [version, setVersion] = useState<ReplayOptions['version']>('original');
  const [fromNode, setFromNode] = useState(initialFrom);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog ref={ref} className="dialog replay-dialog" aria-labelledby="replay-title" onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onReplay({ version, fromNode: version === 'original' ? fromNode : '' });
        }}
      >
        <h2 id="replay-title">Replay this run</h2>
        <p>A new run starts with the same trigger data. This run stays as it is.</p>
        <fieldset className="replay-versions">
          <legend>Flow version</legend>
          <label className="replay-choice">
            <input type="radio" name="version" checked={version === 'original'} onChange={() => setVersion('original')} />
            The version this run used
          </label>
          <label className="replay-choice">
            <input type="radio" name="version" checked={version === 'latest'} onChange={() => setVersion('latest')} />
            The latest published version
          </label>
        </fieldset>
        <label className="field">
          <span>Start from</span>
          <select value={version === 'original' ? fromNode : ''} disabled={version !== 'original'} onChange={(e) => setFromNode(e.target.value)}>
            <option value="">The trigger (the whole flow)</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
        {version !== 'original' && <p className="muted small">On the latest version the whole flow runs again.</p>}
        {version === 'original' && fromNode && (
          <p className="muted small">The steps before it keep the outputs this run recorded; it and the steps after it run again.</p>
        )}
        <div className="row end">
          <button type="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Replaying…' : 'Replay'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
