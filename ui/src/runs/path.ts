// The path a run took through its flow version, from its steps.
import type { FlowEdge, Step } from '../api/types';
import { edgeId } from '../editor/graph';

export type StepStatus = Step['status'];

export interface RunPath {
  /** Each node's step status; nodes without a step did not run (yet). */
  nodes: Map<string, StepStatus>;
  /** Ids (as graph.ts names them) of the edges the run went along. */
  edges: Set<string>;
}

/**
 * pathOf marks the nodes that have a step with its status, and the edges
 * the run went along: those leaving a node that ended (succeeded, or
 * failed and continued by its error port) by the port it continued by.
 */
export function pathOf(steps: Step[], edges: FlowEdge[]): RunPath {
  const nodes = new Map<string, StepStatus>();
  const ports = new Map<string, string>();
  for (const s of steps) {
    nodes.set(s.nodeId, s.status);
    if ((s.status === 'succeeded' || s.status === 'failed') && s.port) ports.set(s.nodeId, s.port);
    else if (s.status === 'succeeded') ports.set(s.nodeId, 'out');
  }
  const taken = new Set<string>();
  for (const e of edges) {
    const port = e.port || 'out';
    if (ports.get(e.from) === port) taken.add(edgeId(e.from, port, e.to));
  }
  return { nodes, edges: taken };
}
