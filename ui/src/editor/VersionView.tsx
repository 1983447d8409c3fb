import { useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlow, ReactFlowProvider, Background } from '@xyflow/react';
import { message } from '../api/client';
import { version, type Version } from './api';
import { EditorContext, useEditorInfo } from './EditorContext';
import { toCanvas } from './graph';
import { StepCard } from './StepCard';
import { ErrorNotice } from '../pages/Notice';

const nodeTypes = { step: StepCard };

interface Props {
  flowId: string;
  n: number;
  onRestore: () => void;
  onClose: () => void;
}

/** VersionView shows one published version, read only, on a canvas of its own. */
export function VersionView({ flowId, n, onRestore, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [v, setV] = useState<Version | null>(null);
  const [error, setError] = useState('');
  const { specs } = useEditorInfo();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, []);
  useEffect(() => {
    let live = true;
    version(flowId, n).then(
      (x) => live && setV(x),
      (err: unknown) => live && setError(`Version ${n} could not be loaded: ${message(err)}`),
    );
    return () => {
      live = false;
    };
  }, [flowId, n]);

  const canvas = useMemo(
    () => (v ? toCanvas(v, specs) : null),
    [v, specs],
  );

  return (
    <dialog ref={ref} className="dialog version-view" aria-labelledby="version-title" onCancel={onClose}>
      <h2 id="version-title">Version {n}</h2>
      <ErrorNotice error={error} />
      {!v && !error && <p className="muted">Loading…</p>}
      {v && canvas && (
        <>
          <p className="muted small">
            “{v.name}”, published {new Date(v.publishedAt).toLocaleString()} · {v.nodes.length}{' '}
            {v.nodes.length === 1 ? 'step' : 'steps'}
          </p>
          <div className="version-canvas">
            <EditorContext.Provider value={{ specs, problems: [] }}>
              <ReactFlowProvider>
                <ReactFlow
                  nodes={canvas.nodes.map((x) => ({ ...x, draggable: false, selectable: false, connectable: false }))}
                  edges={canvas.edges}
                  nodeTypes={nodeTypes}
                  nodesDraggable={false}
                  nodesConnectable={false}
                  elementsSelectable={false}
                  fitView
                  fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
                  proOptions={{ hideAttribution: true }}
                >
                  <Background gap={16} />
                </ReactFlow>
              </ReactFlowProvider>
            </EditorContext.Provider>
          </div>
          <ul className="version-steps" aria-label={`Steps of version ${n}`}>
            {v.nodes.map((x) => (
              <li key={x.id}>
                <strong>{x.name || specs.get(x.type)?.label || x.type}</strong>{' '}
                <span className="muted small">
                  {specs.get(x.type)?.label ?? x.type} · {x.id}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row end">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
        <button type="button" className="primary" onClick={onRestore} disabled={!v}>
          Restore this version…
        </button>
      </div>
    </dialog>
  );
}
