// The editor's own calls: test a step, and the published versions.
import { must, request } from '../api/client';
import type { components } from '../api/schema';
import type { Flow, Step } from '../api/types';

export type Version = components['schemas']['Version'];
export type VersionInfo = components['schemas']['VersionInfo'];

const enc = encodeURIComponent;

/** testStep runs one node of the saved draft against the samples before it. */
export function testStep(flowId: string, nodeId: string): Promise<Step> {
  return must(request<Step>('POST', `/api/flows/${enc(flowId)}/nodes/${enc(nodeId)}/test`));
}

/** versions lists a flow's published versions, newest first. */
export async function versions(flowId: string): Promise<VersionInfo[]> {
  return (await must(request<{ items: VersionInfo[] }>('GET', `/api/flows/${enc(flowId)}/versions`))).items;
}

/** version returns one published version, with its steps and edges. */
export function version(flowId: string, n: number): Promise<Version> {
  return must(request<Version>('GET', `/api/flows/${enc(flowId)}/versions/${n}`));
}

/** restore copies a version into the draft and returns the flow. */
export function restore(flowId: string, n: number): Promise<Flow> {
  return must(request<Flow>('POST', `/api/flows/${enc(flowId)}/versions/${n}/restore`));
}
