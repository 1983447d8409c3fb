// Flow files: the JSON documents that Export downloads and Import reads,
// in the format of `hookflow flows export` (cmd/hookflow), so that files
// move freely between the studio and the command line.
import type { Flow, FlowEdge, FlowInput, FlowNode } from '../api/types';

/** FlowFile is a flow as `hookflow flows export` writes it: what belongs to one installation (status, token, times) is blanked. */
export interface FlowFile {
  id: string;
  name: string;
  status: '';
  version: 0;
  nodes: FlowNode[];
  edges: FlowEdge[];
  hookToken: '';
  trigger: { eventTypes: string[]; channels: string[] };
  settings: NonNullable<FlowInput['settings']>;
  createdAt: string;
  updatedAt: string;
}

/** zeroTime is how Go writes the time it leaves blank. */
const zeroTime = '0001-01-01T00:00:00Z';

/** MaxNameLength is the longest flow name the server takes. */
export const MaxNameLength = 200;

/** MaxFileSize bounds an imported file: the server takes request bodies up to 2 MiB. */
export const MaxFileSize = 2 << 20;

export function flowFile(f: Flow): FlowFile {
  return {
    id: f.id,
    name: f.name,
    status: '',
    version: 0,
    nodes: f.nodes,
    edges: f.edges,
    hookToken: '',
    trigger: { eventTypes: [], channels: [] },
    settings: f.settings ?? {},
    createdAt: zeroTime,
    updatedAt: zeroTime,
  };
}

/** flowFileText is the file's text, indented as the command line writes it. */
export function flowFileText(f: Flow): string {
  return `${JSON.stringify(flowFile(f), null, 2)}\n`;
}

/** flowFileName is the name the command line gives the file: <name>-<id>.json. */
export function flowFileName(f: Flow): string {
  const slug = f.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${slug || 'flow'}-${f.id}.json`;
}

/** duplicateInput is a new flow with f's graph, named "Copy of …". */
export function duplicateInput(f: Flow): FlowInput {
  return { name: `Copy of ${f.name || 'untitled flow'}`.slice(0, MaxNameLength), nodes: f.nodes, edges: f.edges, settings: f.settings };
}

/** FlowFileError says, in words for people, why a file cannot be imported. */
export class FlowFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowFileError';
  }
}

const hint = 'Choose a file made with Export, or with hookflow flows export.';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** parseFlowFile reads an exported flow into what creates a new flow, or throws FlowFileError. */
export function parseFlowFile(fileName: string, text: string): FlowInput {
  const bad = (why: string) => new FlowFileError(`“${fileName}” cannot be imported: ${why}. ${hint}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('it is not a JSON file');
  }
  if (!isObject(doc)) throw bad('it holds JSON, but not one flow object');
  if (!Array.isArray(doc.nodes)) throw bad('it has no list of nodes');
  doc.nodes.forEach((n, i) => {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.type !== 'string') throw bad(`node ${i + 1} has no id or type`);
  });
  const edges = doc.edges ?? [];
  if (!Array.isArray(edges)) throw bad('its edges are not a list');
  edges.forEach((e, i) => {
    if (!isObject(e) || typeof e.from !== 'string' || typeof e.to !== 'string') throw bad(`edge ${i + 1} does not say which nodes it joins`);
  });
  if (doc.name !== undefined && typeof doc.name !== 'string') throw bad('its name is not text');
  if (doc.settings !== undefined && !isObject(doc.settings)) throw bad('its settings are not an object');
  const name = typeof doc.name === 'string' && doc.name.trim() ? doc.name.trim() : fileName.replace(/\.json$/i, '');
  return {
    name: name.slice(0, MaxNameLength),
    nodes: doc.nodes as FlowNode[],
    edges: edges as FlowEdge[],
    settings: doc.settings as FlowInput['settings'],
  };
}

/** readFlowFile reads a chosen file into what creates a new flow, or throws FlowFileError. */
export async function readFlowFile(file: File): Promise<FlowInput> {
  if (file.size > MaxFileSize) {
    throw new FlowFileError(`“${file.name}” cannot be imported: it is larger than 2 MB, more than any flow. ${hint}`);
  }
  return parseFlowFile(file.name, await file.text());
}

/** download saves text as a file through the browser. */
export function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
