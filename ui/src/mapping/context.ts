// The run data a step sees, rebuilt from the samples the way a test step
// builds it on the server (engine/teststep.go): the trigger's sample is the
// trigger data, its mappings set the variables, and each step that runs
// before this one adds its sample as nodes.<id> and restores the variables
// it declares.
import type { Config, NodeSpec, Sample } from '../api/types';
import { getPath, type Lookup } from './gjson';

/** GraphNode and Graph are the flow as the editor holds it, saved or not. */
export interface GraphNode {
  id: string;
  type: string;
  typeVersion?: number;
  name?: string;
  config: Config;
}

export interface Graph {
  nodes: GraphNode[];
  /** Edges as the flow document has them: port is absent for "out". */
  edges: { from: string; port?: string; to: string }[];
}

/** Source is one root of data the picker shows. */
export interface Source {
  /** What the person reads: the step's name. */
  label: string;
  /** The path of the root: "trigger", "vars", "nodes.lookup", or "" for a trigger's own data. */
  root: string;
  /** The sample, or undefined when the step has none yet. */
  data: unknown;
  /** Says how to get a sample when there is none. */
  empty: string;
}

/** RunData is the run context of the previews, with the sources to pick from. */
export interface RunData {
  /** The node the form belongs to. */
  nodeId: string;
  /** Whether that node is the trigger: its paths are relative to its own data. */
  isTrigger: boolean;
  context: { trigger?: unknown; vars: Record<string, unknown>; nodes: Record<string, unknown>; run: Record<string, unknown> };
  sources: Source[];
  /** Ids of the steps that run before this one. */
  upstream: Set<string>;
}

/** upstreamOf lists the nodes with a path of edges to nodeId, in an order where each comes after those before it. */
export function upstreamOf(graph: Graph, nodeId: string): string[] {
  const into = new Map<string, string[]>();
  for (const e of graph.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const set = new Set<string>();
  const mark = (id: string) => {
    for (const from of into.get(id) ?? []) {
      if (!set.has(from) && from !== nodeId) {
        set.add(from);
        mark(from);
      }
    }
  };
  mark(nodeId);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const from of into.get(id) ?? []) if (set.has(from)) visit(from);
    order.push(id);
  };
  for (const n of graph.nodes) if (set.has(n.id)) visit(n.id);
  return order;
}

function listItems(v: unknown): Config[] {
  return Array.isArray(v) ? v.filter((x): x is Config => typeof x === 'object' && x !== null) : [];
}

/** declaredVars are the variable names a node's config declares (trigger mappings, set values). */
export function declaredVars(spec: NodeSpec | undefined, config: Config): string[] {
  const names: string[] = [];
  for (const f of spec?.fields ?? []) {
    if (!f.declaresVars) continue;
    for (const item of listItems(config[f.name])) {
      if (typeof item.name === 'string' && item.name !== '') names.push(item.name);
    }
  }
  return names;
}

/** mappedVars reads a trigger's mappings from its data, as the trigger does at the start of a run. */
export function mappedVars(config: Config, data: unknown): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const m of listItems(config.mappings)) {
    if (typeof m.name !== 'string' || m.name === '' || typeof m.path !== 'string' || m.path === '') continue;
    const r = getPath(data, m.path);
    if (r.found) vars[m.name] = r.value;
  }
  return vars;
}

/** buildRunData rebuilds the run data node nodeId sees from the samples. */
export function buildRunData(
  graph: Graph,
  nodeId: string,
  samples: Record<string, Sample>,
  specs: Map<string, NodeSpec>,
  flowId: string,
): RunData {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const trigger = graph.nodes.find((n) => specs.get(n.type)?.kind === 'trigger');
  const triggerData = trigger ? samples[trigger.id]?.data : undefined;
  const isTrigger = trigger?.id === nodeId;
  const captureHint = 'No captured request yet: use Capture Response on the trigger.';
  if (isTrigger) {
    return {
      nodeId,
      isTrigger,
      context: { trigger: triggerData, vars: {}, nodes: {}, run: { flowId } },
      sources: [{ label: 'Captured request', root: '', data: triggerData, empty: captureHint }],
      upstream: new Set(),
    };
  }
  const vars = trigger ? mappedVars(trigger.config, triggerData) : {};
  const nodes: Record<string, unknown> = {};
  if (trigger && triggerData !== undefined) nodes[trigger.id] = triggerData;
  const up = upstreamOf(graph, nodeId).filter((id) => id !== trigger?.id);
  const sources: Source[] = [];
  for (const id of up) {
    const n = byId.get(id);
    const data = samples[id]?.data;
    if (n && data !== undefined) {
      nodes[id] = data;
      const declared = declaredVars(specs.get(n.type), n.config);
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        for (const [k, v] of Object.entries(data)) if (declared.includes(k)) vars[k] = v;
      }
    }
    sources.push({
      label: n?.name || specs.get(n?.type ?? '')?.label || id,
      root: `nodes.${id}`,
      data,
      empty: 'No sample yet: test this step to get one.',
    });
  }
  const head: Source[] = [];
  if (trigger) head.push({ label: trigger.name || 'Trigger', root: 'trigger', data: triggerData, empty: captureHint });
  if (Object.keys(vars).length > 0) head.push({ label: 'Variables', root: 'vars', data: vars, empty: '' });
  return {
    nodeId,
    isTrigger,
    context: { trigger: triggerData, vars, nodes, run: { flowId } },
    sources: [...head, ...sources],
    upstream: new Set(trigger ? [trigger.id, ...up] : up),
  };
}

/** Resolved is a path read against the run data, with the reason when it is not there. */
export type Resolved = { found: true; value: unknown } | { found: false; reason: string };

/**
 * resolve reads a path of the run context (trigger.body.x, vars.name,
 * nodes.id.body...), or for a trigger's own fields a path inside its data.
 */
export function resolve(data: RunData, path: string): Resolved {
  const p = path.trim();
  if (data.isTrigger && data.context.trigger === undefined) return { found: false, reason: 'no request has been captured yet' };
  if (data.isTrigger) return explain(getPath(data.context.trigger, p), p, 'the captured request');
  const [root, name] = p.split('.', 2);
  switch (root) {
    case 'trigger':
      if (data.context.trigger === undefined) return { found: false, reason: 'no request has been captured yet' };
      return explain(getPath(data.context, p), p, 'the captured request');
    case 'vars':
      return explain(getPath(data.context, p), p, 'the variables');
    case 'nodes':
      if (name && !data.upstream.has(name)) {
        return { found: false, reason: `step “${name}” does not run before this one` };
      }
      if (name && data.context.nodes[name] === undefined) {
        return { found: false, reason: `step “${name}” has no sample yet: test it first` };
      }
      return explain(getPath(data.context, p), p, `the sample of “${name}”`);
    case 'run':
      if (name === 'id' || name === 'startedAt' || name === 'version') {
        return { found: false, reason: `${p} is known only when the flow runs` };
      }
      return explain(getPath(data.context, p), p, 'the run');
  }
  return { found: false, reason: `${p} must start with trigger, vars, nodes or run` };
}

function explain(r: Lookup, path: string, where: string): Resolved {
  if (r.found) return r;
  if (r.unsupported) return { found: false, reason: `${path}: ${r.unsupported}` };
  return { found: false, reason: `${path} is not in ${where}` };
}
