import type { Flow } from '../api/types';
import { historyScope } from './history';

/** The platform's name of the modifier key, for the buttons' hints. */
const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

interface Props {
  flow: Flow;
  name: string;
  onName: (name: string) => void;
  dirty: boolean;
  busy: string;
  notice: Notice | null;
  onDismiss: () => void;
  onBack: () => void;
  onRuns: () => void;
  onSave: () => void;
  onPublish: () => void;
  onActivate: () => void;
  onPause: () => void;
  onFit: () => void;
  onUndo: () => void;
  onRedo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onArrange: () => void;
  onHistory: () => void;
  historyOpen: boolean;
}

/** Toolbar holds the flow's name, status, undo and redo, the canvas's layout and the save, publish and activate buttons. */
export function Toolbar(p: Props) {
  const { flow } = p;
  return (
    <header className="toolbar">
      <button type="button" className="link" onClick={p.onBack}>
        ← Flows
      </button>
      <input
        className="flow-name"
        aria-label="Flow name"
        value={p.name}
        onChange={(e) => p.onName(e.target.value)}
        {...{ [historyScope]: '' }}
      />
      <span className={`badge status-${flow.status}`}>{flow.status}</span>
      <span className="muted small">{flow.version ? `version ${flow.version}` : 'never published'}</span>
      {p.dirty && <span className="muted small">unsaved changes</span>}
      <span className="spacer" />
      {p.notice && (
        <span className={`toast ${p.notice.kind}`} role={p.notice.kind === 'error' ? 'alert' : 'status'}>
          {p.notice.text}
          <button type="button" aria-label="Dismiss" onClick={p.onDismiss}>
            ×
          </button>
        </span>
      )}
      {p.busy && <span className="muted small">{p.busy}…</span>}
      <span className="toolbar-group" role="group" aria-label="Edit history">
        <button
          type="button"
          className="icon"
          onClick={p.onUndo}
          disabled={!p.canUndo}
          aria-label="Undo"
          title={`Undo (${mod}Z)`}
          aria-keyshortcuts="Control+Z Meta+Z"
        >
          ↶
        </button>
        <button
          type="button"
          className="icon"
          onClick={p.onRedo}
          disabled={!p.canRedo}
          aria-label="Redo"
          title={`Redo (${mod}Shift+Z)`}
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        >
          ↷
        </button>
      </span>
      <span className="toolbar-group" role="group" aria-label="Canvas">
        <button type="button" onClick={p.onArrange} title="Arrange the steps left to right by their connections">
          Auto-layout
        </button>
        <button type="button" onClick={p.onFit}>
          Zoom to fit
        </button>
      </span>
      <button type="button" onClick={p.onHistory} aria-pressed={p.historyOpen}>
        History
      </button>
      <button type="button" onClick={p.onRuns}>
        Runs
      </button>
      <button type="button" onClick={p.onSave} disabled={!!p.busy || !p.dirty}>
        Save
      </button>
      <button type="button" onClick={p.onPublish} disabled={!!p.busy}>
        Publish
      </button>
      {flow.status === 'active' ? (
        <button type="button" onClick={p.onPause} disabled={!!p.busy}>
          Pause
        </button>
      ) : (
        <button type="button" className="primary" onClick={p.onActivate} disabled={!!p.busy || flow.version === 0}>
          Activate
        </button>
      )}
    </header>
  );
}
