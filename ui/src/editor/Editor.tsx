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
import type { Credential, Flow, NodeSpec, Problem } from '../api/types';
import { PickContext, type PickTarget } from '../forms/PickContext';
import { toGraph } from '../mapping/MappingContext';
import { EditorContext } from './EditorContext';
import { edgeId, newNodeId, toCanvas, toFlowInput, type StepData, type StepNode } from './graph';
import { NodePanel } from './NodePanel';
import { Palette, dragType } from './Palette';
import { ProblemList } from './ProblemList';
import { StepCard } from './StepCard';
import { Toolbar, type Notice } from './Toolbar';

const nodeTypes = { step: StepCard };

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
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [pickTarget, setPickTarget] = useState<PickTarget | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const rf = useReactFlow<StepNode, Edge>();
  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);

  useEffect(() => {
    let live = true;
    api
      .flow(flowId)
      .then((f) => {
        if (!live) return;
        const c = toCanvas(f, specMap);
        setFlow(f);
        setName(f.name);
        setNodes(c.nodes);
        setEdges(c.edges);
        window.setTimeout(() => void rf.fitView({ padding: 0.2, maxZoom: 1.2 }), 50);
      })
      .catch((err) => live && setLoadError(message(err)));
    api
      .credentials()
      .then((c) => live && setCredentials(c))
      .catch(() => live && setCredentials([]));
    return () => {
      live = false;
    };
  }, [flowId, specMap, setNodes, setEdges, rf]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const changeNodes = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      onNodesChange(changes);
      if (changes.some((c) => c.type === 'position' || c.type === 'remove' || c.type === 'add')) setDirty(true);
      for (const c of changes) if (c.type === 'remove') setSelected((s) => (s === c.id ? null : s));
    },
    [onNodesChange],
  );
  const changeEdges = useCallback(
    (changes: EdgeChange<Edge>[]) => {
      onEdgesChange(changes);
      if (changes.some((c) => c.type === 'remove' || c.type === 'add')) setDirty(true);
    },
    [onEdgesChange],
  );
  const connect = useCallback(
    (c: Connection) => {
      const port = c.sourceHandle ?? 'out';
      setEdges((es) =>
        addEdge({ ...c, id: edgeId(c.source, port, c.target), sourceHandle: port, label: port === 'out' ? undefined : port }, es),
      );
      setDirty(true);
    },
    [setEdges],
  );

  const addNode = (type: string, position?: { x: number; y: number }) => {
    const spec = specMap.get(type);
    if (!spec) return;
    let at = position;
    if (!at) {
      const box = wrapper.current?.getBoundingClientRect();
      at = rf.screenToFlowPosition({
        x: (box?.left ?? 0) + (box?.width ?? 600) / 2,
        y: (box?.top ?? 0) + (box?.height ?? 400) / 2,
      });
    }
    const id = newNodeId(type, nodes.map((n) => n.id));
    const node: StepNode = {
      id,
      type: 'step',
      position: at,
      deletable: spec.kind !== 'trigger',
      data: { type, typeVersion: spec.version, config: {} },
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
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data } : n)));
    setDirty(true);
  };
  const deleteNode = (id: string) => {
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
    <EditorContext.Provider value={{ specs: specMap, problems }}>
      <PickContext.Provider value={{ target: pickTarget, setTarget: setPickTarget }}>
        <div className="editor">
          <Toolbar
            flow={flow}
            name={name}
            onName={(n) => {
              setName(n);
              setDirty(true);
            }}
            dirty={dirty}
            busy={busy}
            notice={notice}
            onDismiss={() => setNotice(null)}
            onBack={() => (!dirty || window.confirm('Leave without saving your changes?')) && navigate('/')}
            onRuns={() => (!dirty || window.confirm('Leave without saving your changes?')) && navigate(`/flows/${flow.id}/runs`)}
            onSave={() => void save().then((f) => f && setNotice({ kind: 'ok', text: 'Saved.' }))}
            onPublish={() => void act('Publishing', api.publish, (f) => `Published version ${f.version}. It runs once the flow is active.`)}
            onActivate={() => void act('Activating', api.activate, () => 'Active: requests to the trigger now start runs.')}
            onPause={() => void act('Pausing', api.pause, () => 'Paused: requests are answered and recorded, nothing runs.')}
            onFit={() => void rf.fitView({ padding: 0.2, maxZoom: 1.2 })}
          />
          <ProblemList problems={problems} onSelect={(id) => setSelected(id)} />
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
                onNodeClick={(_, n) => setSelected(n.id)}
                onPaneClick={() => {
                  setSelected(null);
                  setPickTarget(null);
                }}
                deleteKeyCode={['Backspace', 'Delete']}
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
            {selectedNode ? (
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
                onChange={(d) => updateNode(selectedNode.id, d)}
                onDelete={() => deleteNode(selectedNode.id)}
                beforeCapture={async () => {
                  if (dirty && !(await save())) throw new ApiError(0, 'The flow could not be saved, so nothing was captured.');
                }}
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
