// The calls the field picker and the previews make.
import { must, request } from '../api/client';
import type { Sample, Step } from '../api/types';
import type { Graph } from './context';

const enc = encodeURIComponent;

/** loadSamples returns the sample of every node of a flow that has one, by node id. */
export async function loadSamples(flowId: string): Promise<Record<string, Sample>> {
  return (await must(request<{ samples: Record<string, Sample> }>('GET', `/api/flows/${enc(flowId)}/samples`))).samples;
}

/**
 * previewStep runs node nodeId of the flow as edited (graph, saved or not)
 * against the samples, without keeping its output as the node's sample
 * (sample=false): a live preview.
 */
export function previewStep(flowId: string, nodeId: string, graph: Graph, signal?: AbortSignal): Promise<Step> {
  const body = { nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })), edges: graph.edges };
  return must(request<Step>('POST', `/api/flows/${enc(flowId)}/nodes/${enc(nodeId)}/test?sample=false`, { body, signal }));
}

/** samplesEvent is dispatched on window when a node's sample changes (a capture, a test step). */
export const samplesEvent = 'hookflow:samples-changed';

/** samplesChanged tells the open forms to load the samples again. */
export function samplesChanged(): void {
  window.dispatchEvent(new Event(samplesEvent));
}
