import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  addEdge,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { api, ApiError, message } from '../api/client';
import type { Credential, Flow, NodeSpec, Problem, Sample } from '../api/types';
import { PickContext, type PickTarget } from '../forms/PickContext';
import { samplesChanged } from '../mapping/api';
import { toGraph } from '../mapping/MappingContext';
import { EditorContext } from './EditorContext';
import { inletsOf, inletValue, layoutEdges, newEdge, newNodeId, parseInlet, problemPlace, startingConfig, stepName, toCanvas, toFlowInput, unconnectedSteps, upstreamOf, type StepData, type StepNode } from './graph';
import { changedPath, historyKey, ownsKeys } from './history';
import { freeSpot, layeredLayout } from './layout';
import { NodePanel } from './NodePanel';
import { Palette, dragType } from './Palette';
import { ProblemList } from './ProblemList';
import { StepCard } from './StepCard';
import { Toolbar, type Notice } from './Toolbar';
import { useHistory } from './useHistory';
import { VersionHistory } from './VersionHistory';
import { guardLeaving } from '../router';
import './editor.css';

const nodeTypes = { step: StepCard };
const fitOptions = { padding: 0.2, maxZoom: 1.2 };

/** Size assumed for a step the canvas has not measured yet. */
const defaultSize = { width: 200, height: 90 };

/** sizeOf is a step's size on the canvas once measured, or the usual size before. */
function sizeOf(n: StepNode): { width: number; height: number } {
  return { width: n.measured?.width ?? n.width ?? defaultSize.width, height: n.measured?.height ?? n.height ?? defaultSize.height };
}

/** Snapshot is what undo and redo go back and forth between. */
interface Snapshot {
  name: string;
  nodes: StepNode[];
  edges: Edge[];
}

interface Props {
  flowId: string;
  specs: NodeSpec[];
  navigate: (path: string) => void;
}

/** Editor is the flow editor: palette, canvas and the selected step's panel. */
export function Editor(props: Props) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ flowId, specs, navigate }: Props) {
  const specMap = useMemo(() => new Map(specs.map((s) => [s.type, s])), [specs]);
  const [flow, setFlow] = useState<Flow | null>(null);
  const [loadError, setLoadError] = useState('');
  const [name, setName] = useState('');
  useEffect(() => {
    document.title = `${name || 'Flow'} · hookflow`;
  }, [name]);
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [pickTarget, setPickTarget] = useState<PickTarget | null>(null);
  const [samples, setSamples] = useState<Record<string, Sample>>({});
  const [side, setSide] = useState<'step' | 'history'>('step');
  const wrapper = useRef<HTMLDivElement>(null);
  const rf = useReactFlow<StepNode, Edge>();
  const snapshot = useMemo<Snapshot>(() => ({ name, nodes, edges }), [name, nodes, edges]);
  const history = useHistory(snapshot);
  const dragFrom = useRef<Snapshot | null>(null);

  const fit = useCallback(() => window.setTimeout(() => void rf.fitView(fitOptions), 50), [rf]);
  const loadSamples = useCallback(() => {
    api.samples(flowId).then(setSamples, () => setSamples({}));
    samplesChanged();
  }, [flowId]);
  useEffect(loadSamples, [loadSamples]);

  /** load shows a flow's draft on the canvas. */
  const load = useCallback(
    (f: Flow) => {
      const c = toCanvas(f, specMap);
      setFlow(f);
      setName(f.name);
      setNodes(c.nodes);
      setEdges(c.edges);
      fit();
    },
    [specMap, setNodes, setEdges, fit],
  );
  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);
  const unconnected = useMemo(() => unconnectedSteps(nodes, edges, specMap), [nodes, edges, specMap]);
  const place = useCallback((p: Problem) => problemPlace(p, nodes, specMap), [nodes, specMap]);

  useEffect(() => {
    let live = true;
    api
      .flow(flowId)
      .then((f) => live && load(f))
      .catch((err) => live && setLoadError(message(err)));
    return () => {
      live = false;
    };
  }, [flowId, load]);

  // Credentials are added in Settings, often in another tab while a step is
  // half set up: the list is read again whenever the editor gets focus back.
  useEffect(() => {
    let live = true;
    const read = () =>
      api
        .credentials()
        .then((c) => live && setCredentials(c))
        .catch(() => undefined); // keep the list it had; the next focus tries again
    void read();
    window.addEventListener('focus', read);
    return () => {
      live = false;
      window.removeEventListener('focus', read);
    };
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    guardLeaving(() => window.confirm('Leave without saving your changes?'));
    return () => {
      window.removeEventListener('beforeunload', warn);
      guardLeaving(null);
    };
  }, [dirty]);

  const changeNodes = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      onNodesChange(changes);
      if (changes.some((c) => c.type === 'position' || c.type === 'remove' || c.type === 'add')) setDirty(true);
      for (const c of changes) if (c.type === 'remove') setSelected((s) => (s === c.id ? null : s));
    },
    [onNodesChange, history],
  );
  const changeEdges = useCallback(
    (changes: EdgeChange<Edge>[]) => {
      onEdgesChange(changes);
      if (changes.some((c) => c.type === 'remove' || c.type === 'add')) setDirty(true);
    },
    [onEdgesChange, history],
  );
  // A deletion from the keyboard reaches changeNodes and changeEdges as two
  // changes, possibly in two renders; it is remembered once, before both.
  const rememberDeletion = useCallback(
    async ({ nodes: gone, edges: cut }: { nodes: StepNode[]; edges: Edge[] }) => {
      if (gone.length > 0 || cut.length > 0) history.remember();
      return true;
    },
    [history],
  );
  const connect = useCallback(
    (c: Connection) => {
      history.remember();
      setEdges((es) => addEdge({ ...c, ...newEdge(c.source, c.sourceHandle ?? 'out', c.target) }, es));
      setDirty(true);
    },
    [setEdges, history],
  );

  /** setInlet makes value (see inletValue) the only way into step target; "" leaves it unconnected. */
  const setInlet = (target: string, value: string) => {
    history.remember();
    setEdges((es) => {
      const rest = es.filter((e) => e.target !== target);
      if (!value) return rest;
      const { source, port } = parseInlet(value);
      return addEdge(newEdge(source, port, target), rest);
    });
    setDirty(true);
  };

  /** reveal pans the canvas, keeping its zoom, so that a step placed at the point is in view. */
  const reveal = (at: { x: number; y: number }) => {
    const box = wrapper.current?.getBoundingClientRect();
    if (!box) return;
    const margin = 24;
    const topLeft = rf.flowToScreenPosition(at);
    const bottomRight = rf.flowToScreenPosition({ x: at.x + defaultSize.width, y: at.y + defaultSize.height });
    const dx = Math.min(0, box.right - margin - bottomRight.x) || Math.max(0, box.left + margin - topLeft.x);
    const dy = Math.min(0, box.bottom - margin - bottomRight.y) || Math.max(0, box.top + margin - topLeft.y);
    if (dx === 0 && dy === 0) return;
    const v = rf.getViewport();
    void rf.setViewport({ ...v, x: v.x + dx, y: v.y + dy }, { duration: 200 });
  };

  const addNode = (type: string, position?: { x: number; y: number }) => {
    const spec = specMap.get(type);
    if (!spec) return;
    let at = position;
    if (!at) {
      // A click in the palette: right of the selected step, or in the middle
      // of the view, and never on top of another step.
      const box = wrapper.current?.getBoundingClientRect();
      const middle = rf.screenToFlowPosition({
        x: (box?.left ?? 0) + (box?.width ?? 600) / 2 - defaultSize.width / 2,
        y: (box?.top ?? 0) + (box?.height ?? 400) / 2 - defaultSize.height / 2,
      });
      const boxes = nodes.map((n) => ({ id: n.id, ...n.position, ...sizeOf(n) }));
      at = freeSpot(boxes, defaultSize, middle, boxes.find((b) => b.id === selected));
      reveal(at);
    }
    history.remember();
    const id = newNodeId(type, nodes.map((n) => n.id));
    const node: StepNode = {
      id,
      type: 'step',
      position: at,
      deletable: spec.kind !== 'trigger',
      data: { type, typeVersion: spec.version, config: startingConfig(type) },
    };
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), { ...node, selected: true }]);
    setSelected(id);
    setDirty(true);
  };

  const drop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(dragType);
    if (!type) return;
    e.preventDefault();
    addNode(type, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const updateNode = (id: string, data: StepData) => {
    const old = nodes.find((n) => n.id === id)?.data;
    history.remember(`node:${id}:${changedPath(old, data)}`);
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data } : n)));
    setDirty(true);
  };
  const deleteNode = (id: string) => {
    history.remember();
    setNodes((ns) => ns.filter((n) => n.id !== id));
    setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
    setSelected(null);
    setDirty(true);
  };

  const save = async (): Promise<Flow | null> => {
    if (!flow) return null;
    setBusy('Saving');
    try {
      const saved = await api.saveFlow(flow.id, toFlowInput(name, flow, nodes, edges));
      setFlow(saved);
      setDirty(false);
      return saved;
    } catch (err) {
      setNotice({ kind: 'error', text: `Not saved: ${message(err)}` });
      return null;
    } finally {
      setBusy('');
    }
  };

  const act = async (label: string, call: (id: string) => Promise<Flow>, done: (f: Flow) => string) => {
    if (!flow) return;
    if (dirty && !(await save())) return;
    setBusy(label);
    try {
      const f = await call(flow.id);
      setFlow(f);
      if (label === 'Publishing') setProblems([]);
      setNotice({ kind: 'ok', text: done(f) });
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems(err.problems);
      setNotice({ kind: 'error', text: message(err) });
    } finally {
      setBusy('');
    }
  };

  /** show puts a remembered state back, keeping the selection when its step is still there. */
  const show = useCallback(
    (snap: Snapshot | null) => {
      if (!snap) return;
      const keep = snap.nodes.some((n) => n.id === selected) ? selected : null;
      setName(snap.name);
      setNodes(snap.nodes.map((n) => (!!n.selected === (n.id === keep) ? n : { ...n, selected: n.id === keep })));
      setEdges(snap.edges);
      setSelected(keep);
      setDirty(true);
    },
    [selected, setNodes, setEdges],
  );
  const undo = useCallback(() => show(history.undo()), [show, history]);
  const redo = useCallback(() => show(history.redo()), [show, history]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = historyKey(e);
      if (!action || !ownsKeys(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      if (action === 'undo') undo();
      else redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  /** arrange lays the steps out left to right by their edges, branches spread top to bottom. */
  const arrange = () => {
    if (nodes.length === 0) return;
    const at = layeredLayout(
      nodes.map((n) => ({ id: n.id, ...sizeOf(n) })),
      layoutEdges(nodes, edges, specMap),
    );
    history.remember();
    setNodes((ns) => ns.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })));
    setDirty(true);
    fit();
  };

  /** ensureSaved saves unsaved changes before the server works on the draft. */
  const ensureSaved = async () => {
    if (dirty && !(await save())) throw new ApiError(0, 'The flow could not be saved first; see the message at the top.');
  };

  const restored = (f: Flow, n: number) => {
    load(f);
    history.reset();
    setDirty(false);
    setSelected(null);
    setProblems([]);
    setSide('step');
    loadSamples();
    setNotice({ kind: 'ok', text: `Version ${n} is the draft now. Publish to make it the one that runs.` });
  };

  if (loadError) {
    return (
      <main className="page">
        <p className="notice error">{loadError}</p>
        <button type="button" onClick={() => navigate('/')}>
          Back to flows
        </button>
      </main>
    );
  }
  if (!flow) return <main className="page muted">Loading the flow…</main>;

  const selectedNode = nodes.find((n) => n.id === selected);
  const trigger = nodes.find((n) => specMap.get(n.data.type)?.kind === 'trigger');
  const mappings = trigger?.data.config.mappings;
  const vars = Array.isArray(mappings)
    ? mappings.map((m) => (m as { name?: unknown }).name).filter((n): n is string => typeof n === 'string' && n !== '')
    : [];

  return (
    <EditorContext.Provider value={{ specs: specMap, problems, unconnected, place }}>
      <PickContext.Provider value={{ target: pickTarget, setTarget: setPickTarget }}>
        <div className="editor">
          <Toolbar
            flow={flow}
            name={name}
            onName={(n) => {
              history.remember('name');
              setName(n);
              setDirty(true);
            }}
            dirty={dirty}
            busy={busy}
            notice={notice}
            onDismiss={() => setNotice(null)}
            onBack={() => navigate('/')}
            onRuns={() => navigate(`/flows/${flow.id}/runs`)}
            onSave={() => void save().then((f) => f && setNotice({ kind: 'ok', text: 'Saved.' }))}
            onPublish={() => void act('Publishing', api.publish, (f) => `Published version ${f.version}. It runs once the flow is active.`)}
            onActivate={() => void act('Activating', api.activate, () => 'Active: requests to the trigger now start runs.')}
            onPause={() => void act('Pausing', api.pause, () => 'Paused: requests are answered and recorded, nothing runs.')}
            onFit={() => void rf.fitView(fitOptions)}
            onUndo={undo}
            onRedo={redo}
            canUndo={history.canUndo}
            canRedo={history.canRedo}
            onArrange={arrange}
            onHistory={() => setSide(side === 'history' ? 'step' : 'history')}
            historyOpen={side === 'history'}
          />
          <ProblemList
            problems={problems}
            place={place}
            onSelect={(id) => {
              setSelected(id);
              setSide('step');
            }}
          />
          <div className="editor-body">
            <Palette specs={specs} onAdd={(t) => addNode(t)} />
            <div className="canvas" ref={wrapper} onDragOver={(e) => e.preventDefault()} onDrop={drop}>
              <ReactFlow<StepNode, Edge>
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                onNodesChange={changeNodes}
                onEdgesChange={changeEdges}
                onConnect={connect}
                isValidConnection={(c) => c.source !== c.target}
                onNodeClick={(_, n) => {
                  setSelected(n.id);
                  setSide('step');
                }}
                onNodeDragStart={() => {
                  dragFrom.current = history.latest.current;
                }}
                onNodeDragStop={() => {
                  const before = dragFrom.current;
                  dragFrom.current = null;
                  if (before && before.nodes.some((b) => nodes.find((n) => n.id === b.id)?.position !== b.position)) {
                    history.remember('', before);
                    setDirty(true);
                  }
                }}
                onPaneClick={() => {
                  setSelected(null);
                  setPickTarget(null);
                }}
                deleteKeyCode={['Backspace', 'Delete']}
                onBeforeDelete={rememberDeletion}
                fitView
                proOptions={{ hideAttribution: true }}
              >
                <Background gap={16} />
                <Controls />
                <MiniMap pannable zoomable />
              </ReactFlow>
              {nodes.length === 0 && (
                <div className="canvas-empty">This flow has no steps. Drag a trigger from the left to start.</div>
              )}
            </div>
            {side === 'history' ? (
              <VersionHistory flow={flow} dirty={dirty} onRestored={restored} onClose={() => setSide('step')} />
            ) : selectedNode ? (
              <NodePanel
                key={selectedNode.id}
                flow={flow}
                nodeId={selectedNode.id}
                data={selectedNode.data}
                spec={specMap.get(selectedNode.data.type)}
                triggerId={trigger?.id}
                vars={vars}
                graph={graph}
                problems={problems}
                credentials={credentials}
                samples={samples}
                upstream={upstreamOf(selectedNode.id, edges)
                  .filter((id) => id !== trigger?.id)
                  .map((id) => {
                    const n = nodes.find((x) => x.id === id);
                    return { id, label: n ? stepName(n.data, specMap.get(n.data.type), id) : id };
                  })}
                onSamplesChange={loadSamples}
                onProblems={setProblems}
                inlets={inletsOf(selectedNode.id, nodes, edges, specMap)}
                incoming={edges.filter((e) => e.target === selectedNode.id).map((e) => inletValue(e.source, e.sourceHandle ?? 'out'))}
                onInlet={(v) => setInlet(selectedNode.id, v)}
                onChange={(d) => updateNode(selectedNode.id, d)}
                onDelete={() => deleteNode(selectedNode.id)}
                ensureSaved={ensureSaved}
              />
            ) : (
              <aside className="panel panel-empty" aria-label="Step settings">
                <h2>No step selected</h2>
                <p className="muted">
                  Click a step to set it up. Start with the trigger: copy its URL, capture a request, and click its fields to
                  map them.
                </p>
              </aside>
            )}
          </div>
        </div>
      </PickContext.Provider>
    </EditorContext.Provider>
  );
}
