import { useMemo } from 'react';
import { Background, Controls, ReactFlow, type Edge, type Node, type NodeChange, type NodeProps } from '@xyflow/react';
import type { NodeSpec, Step } from '../api/types';
import { EditorContext } from '../editor/EditorContext';
import { toCanvas, type StepData, type StepNode } from '../editor/graph';
import { StepCard } from '../editor/StepCard';
import type { FlowVersion } from './api';
import { pathOf, type StepStatus } from './path';

type RunNodeData = StepData & { status?: StepStatus };
type RunNode = Node<RunNodeData, 'step'>;

/** RunStepCard is the editor's step card with the status the node ended in. */
function RunStepCard(props: NodeProps<RunNode>) {
  const status = props.data.status;
  return (
    <div className={`run-node run-node-${status ?? 'none'}`}>
      <StepCard {...(props as NodeProps<StepNode>)} />
      <span className={`badge run-node-status run-${status ?? 'none'}`}>{status ?? 'not run'}</span>
    </div>
  );
}

const nodeTypes = { step: RunStepCard };
const noProblems: never[] = [];

interface Props {
  version: FlowVersion;
  steps: Step[];
  specs: Map<string, NodeSpec>;
  /** Animate the edges taken while the run goes on. */
  running: boolean;
  selected: string;
  onSelect: (nodeId: string) => void;
}

/**
 * markCanvas gives the canvas of a run: the version's nodes with the status
 * each ended in, and its edges, those the run went along marked (and
 * animated while it runs).
 */
export function markCanvas(
  version: FlowVersion,
  steps: Step[],
  specs: Map<string, NodeSpec>,
  running: boolean,
  selected: string,
): { nodes: RunNode[]; edges: Edge[] } {
  const base = toCanvas(version, specs);
  const path = pathOf(steps, version.edges);
  const nodes = base.nodes.map((n): RunNode => {
    const status = path.nodes.get(n.id);
    const label = n.data.name || specs.get(n.data.type)?.label || n.data.type;
    return {
      ...n,
      data: { ...n.data, status },
      draggable: false,
      deletable: false,
      selected: n.id === selected,
      ariaLabel: `${label} (${n.id}): ${status ?? 'did not run'}`,
    };
  });
  const edges = base.edges.map((e): Edge => {
    const taken = path.edges.has(e.id);
    return { ...e, className: taken ? 'run-edge-taken' : 'run-edge-idle', animated: taken && running, deletable: false };
  });
  return { nodes, edges };
}

/** RunCanvas draws the flow version a run used, read-only, with the path it took marked. */
export function RunCanvas({ version, steps, specs, running, selected, onSelect }: Props) {
  const { nodes, edges } = useMemo(
    () => markCanvas(version, steps, specs, running, selected),
    [version, steps, specs, running, selected],
  );
  const change = (changes: NodeChange<RunNode>[]) => {
    for (const c of changes) if (c.type === 'select' && c.selected) onSelect(c.id);
  };
  return (
    <EditorContext.Provider value={{ specs, problems: noProblems }}>
      <div className="run-canvas" role="group" aria-label="The flow version this run used">
        <ReactFlow<RunNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={change}
          onNodeClick={(_, n) => onSelect(n.id)}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </EditorContext.Provider>
  );
}
