// Conversion between the flow document and the canvas's nodes and edges.
import type { Edge, Node } from '@xyflow/react';
import { layeredLayout, type LayoutEdge } from './layout';
import type { Config, Flow, FlowEdge, FlowInput, FlowNode, NodeSpec, Problem } from '../api/types';

/** StepData is what a canvas node carries: the flow node without id and position. */
export type StepData = {
  type: string;
  typeVersion?: number;
  name?: string;
  config: Config;
};

export type StepNode = Node<StepData, 'step'>;

/** Port is one output of a node on the canvas. */
export interface Port {
  name: string;
  label: string;
  error: boolean;
}

/** portsOf lists a node's outputs: one per item of a dynamic list field, then the fixed ports. */
export function portsOf(spec: NodeSpec | undefined, config: Config): Port[] {
  if (!spec) return [{ name: 'out', label: 'out', error: false }];
  const ports: Port[] = [];
  const dyn = spec.dynamicPorts;
  if (dyn?.listField && dyn.nameField) {
    const items = config[dyn.listField];
    if (Array.isArray(items)) {
      for (const item of items) {
        const name = typeof item === 'object' && item !== null ? (item as Config)[dyn.nameField] : undefined;
        if (typeof name === 'string' && name !== '') ports.push({ name, label: name, error: false });
      }
    }
  }
  for (const p of spec.ports) {
    if (p.name) ports.push({ name: p.name, label: p.label || p.name, error: p.error === true });
  }
  return ports;
}

/** stepName is what the canvas calls a step: its own name, else its type's label, else fallback. */
export function stepName(data: Pick<StepData, 'name'>, spec: NodeSpec | undefined, fallback: string): string {
  return data.name || spec?.label || fallback;
}

/**
 * stepSubtitle is the line under a step card's title: the step's id, and
 * its type's label when the title is a name of the step's own, so that the
 * type is said once.
 */
export function stepSubtitle(spec: NodeSpec | undefined, data: Pick<StepData, 'type' | 'name'>, id: string): string {
  if (!spec) return `Unknown type ${data.type} · ${id}`;
  return data.name && data.name !== spec.label ? `${spec.label} · ${id}` : id;
}

/** The size a flow that was never laid out assumes for each step: the largest a step card grows. */
const unplacedSize = { width: 260, height: 130 };

/**
 * toCanvas turns a flow (or a published version of it) into canvas nodes
 * and edges. A flow whose steps all stand on one spot (written through the
 * API without positions) is laid out left to right instead, so that its
 * steps do not hide each other.
 */
export function toCanvas(flow: Pick<Flow, 'nodes' | 'edges'>, specs: Map<string, NodeSpec>): { nodes: StepNode[]; edges: Edge[] } {
  let nodes: StepNode[] = flow.nodes.map((n, i) => ({
    id: n.id,
    type: 'step',
    position: n.position ? { x: n.position.x ?? 0, y: n.position.y ?? 0 } : { x: 80 + 280 * i, y: 120 },
    deletable: specs.get(n.type)?.kind !== 'trigger',
    data: { type: n.type, typeVersion: n.typeVersion, name: n.name, config: { ...(n.config ?? {}) } },
  }));
  const edges: Edge[] = flow.edges.map((e) => toCanvasEdge(e));
  const first = nodes[0]?.position;
  if (first && nodes.length > 1 && nodes.every((n) => n.position.x === first.x && n.position.y === first.y)) {
    const at = layeredLayout(
      nodes.map((n) => ({ id: n.id, ...unplacedSize })),
      layoutEdges(nodes, edges, specs),
    );
    nodes = nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position }));
  }
  return { nodes, edges };
}

/** layoutEdges gives auto-layout the edges with the index of their port, so branches keep their order. */
export function layoutEdges(
  nodes: Pick<StepNode, 'id' | 'data'>[],
  edges: Pick<Edge, 'source' | 'target' | 'sourceHandle'>[],
  specs: Map<string, NodeSpec>,
): LayoutEdge[] {
  return edges.map((e) => {
    const source = nodes.find((n) => n.id === e.source);
    const ports = source ? portsOf(specs.get(source.data.type), source.data.config) : [];
    const i = ports.findIndex((p) => p.name === (e.sourceHandle ?? 'out'));
    return { source: e.source, target: e.target, portIndex: i < 0 ? ports.length : i };
  });
}

export function edgeId(from: string, port: string, to: string): string {
  return `${from}:${port}->${to}`;
}

function toCanvasEdge(e: FlowEdge): Edge {
  return newEdge(e.from, e.port || 'out', e.to);
}

/** newEdge is the canvas edge from a step's port to another step, labelled with the port unless it is "out". */
export function newEdge(source: string, port: string, target: string): Edge {
  return { id: edgeId(source, port, target), source, sourceHandle: port, target, label: port === 'out' ? undefined : port };
}

/** toFlowInput turns the canvas back into the document PUT /api/flows/{id} takes. */
export function toFlowInput(name: string, flow: Flow, nodes: StepNode[], edges: Edge[]): FlowInput {
  return {
    name,
    settings: flow.settings,
    nodes: nodes.map(
      (n): FlowNode => ({
        id: n.id,
        type: n.data.type,
        typeVersion: n.data.typeVersion,
        name: n.data.name,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
        config: n.data.config,
      }),
    ),
    edges: edges.map((e): FlowEdge => {
      const port = e.sourceHandle ?? 'out';
      return port === 'out' ? { from: e.source, to: e.target } : { from: e.source, port, to: e.target };
    }),
  };
}

/** newNodeId makes an id for a new node of a type, unique in the flow. */
export function newNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = /^[A-Za-z]/.test(type) ? type.replace(/[^A-Za-z0-9_-]/g, '_') : `n_${type}`;
  for (let i = 1; ; i++) {
    const id = i === 1 ? base : `${base}_${i}`;
    if (!used.has(id)) return id;
  }
}

/**
 * problemPlace names where a validation problem is in the words of the
 * canvas and the side panel: the step's name (or its type's label) and the
 * field's label, with the raw path kept for a field inside a list
 * ("Rules (rules[0].field)").
 */
export function problemPlace(p: Problem, nodes: Pick<StepNode, 'id' | 'data'>[], specs: Map<string, NodeSpec>): string {
  if (!p.nodeId) return 'Flow';
  const node = nodes.find((n) => n.id === p.nodeId);
  const spec = node && specs.get(node.data.type);
  const step = node ? stepName(node.data, spec, p.nodeId) : p.nodeId;
  if (!p.field) return step;
  const top = p.field.split(/[.[]/)[0];
  const field = spec?.fields.find((f) => f.name === top);
  if (!field) return `${step} · ${p.field}`;
  return `${step} · ${top === p.field ? field.label : `${field.label} (${p.field})`}`;
}

/**
 * startingConfig is the config of a step just added on the canvas. A
 * condition starts with one empty rule in the rules builder: its spec's
 * default mode is the expression, which keeps flows written through the
 * API with only an expression working, but a person drawing a flow is
 * better served by rules first.
 */
export function startingConfig(type: string): Config {
  return type === 'condition' ? { mode: 'rules', rules: [{}] } : {};
}

/** reach returns the ids reached from starts (themselves included) by following next. */
function reach(starts: string[], next: Map<string, string[]>): Set<string> {
  const reached = new Set<string>();
  for (const queue = [...starts]; queue.length; ) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  return reached;
}

function targetsBySource(edges: Pick<Edge, 'source' | 'target'>[]): Map<string, string[]> {
  const from = new Map<string, string[]>();
  for (const e of edges) from.set(e.source, [...(from.get(e.source) ?? []), e.target]);
  return from;
}

/**
 * unconnectedSteps returns the steps that no trigger reaches along the
 * edges: they would never run. Triggers themselves are never in it.
 */
export function unconnectedSteps(
  nodes: Pick<StepNode, 'id' | 'data'>[],
  edges: Pick<Edge, 'source' | 'target'>[],
  specs: Map<string, NodeSpec>,
): Set<string> {
  const isTrigger = (n: Pick<StepNode, 'data'>) => specs.get(n.data.type)?.kind === 'trigger';
  const reached = reach(nodes.filter(isTrigger).map((n) => n.id), targetsBySource(edges));
  return new Set(nodes.filter((n) => !isTrigger(n) && !reached.has(n.id)).map((n) => n.id));
}

/** A way into a step: the output port of another step that an edge may leave by. */
export interface Inlet {
  /** value identifies it in a select: see inletValue. */
  value: string;
  label: string;
}

/** inletValue is the select value of a source step's port. */
export function inletValue(source: string, port: string): string {
  return JSON.stringify([source, port]);
}

/** parseInlet reads back what inletValue made. */
export function parseInlet(value: string): { source: string; port: string } {
  const [source, port] = JSON.parse(value) as [string, string];
  return { source, port };
}

/**
 * inletsOf lists every output port that could lead into step id without
 * closing a loop: the ports of every step but id and the steps after it,
 * named "Condition → True" (or just the step's name when it has one port).
 */
export function inletsOf(
  id: string,
  nodes: Pick<StepNode, 'id' | 'data'>[],
  edges: Pick<Edge, 'source' | 'target'>[],
  specs: Map<string, NodeSpec>,
): Inlet[] {
  const after = reach([id], targetsBySource(edges));
  const out: Inlet[] = [];
  for (const n of nodes) {
    if (after.has(n.id)) continue;
    const spec = specs.get(n.data.type);
    const name = stepName(n.data, spec, n.id);
    const ports = portsOf(spec, n.data.config);
    for (const p of ports) {
      out.push({ value: inletValue(n.id, p.name), label: ports.length === 1 ? name : `${name} → ${p.label}` });
    }
  }
  return out;
}

/** upstreamOf lists the nodes with a path of edges to id, nearest first. */
export function upstreamOf(id: string, edges: Pick<Edge, 'source' | 'target'>[]): string[] {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set([id]);
  const out: string[] = [];
  for (let queue = [id]; queue.length; ) {
    const next: string[] = [];
    for (const n of queue) {
      for (const from of into.get(n) ?? []) {
        if (seen.has(from)) continue;
        seen.add(from);
        out.push(from);
        next.push(from);
      }
    }
    queue = next;
  }
  return out;
}
