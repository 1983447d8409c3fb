import { describe, expect, it } from 'vitest';
import type { Flow } from '../api/types';
import { duplicateInput, flowFileName, flowFileText, FlowFileError, parseFlowFile, readFlowFile } from './flowFile';

const flow: Flow = {
  id: 'flw_8Jk2',
  name: 'Assigned chat → CRM owner',
  status: 'active',
  version: 7,
  nodes: [
    { id: 'trigger', type: 'webhook', typeVersion: 1, name: 'On Webhook', position: { x: 0, y: 0 }, config: { responseMode: 'immediate' } },
    { id: 'crm', type: 'crm', typeVersion: 1, position: { x: 240, y: 0 }, config: { provider: 'hubspot' } },
  ],
  edges: [{ from: 'trigger', to: 'crm' }],
  hookToken: 'whk_secret',
  trigger: { type: 'webhook', webhookUrl: 'https://host/hook/whk_secret', eventTypes: [], channels: [] },
  settings: { retention: '168h' },
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-02T10:00:00Z',
};

describe('export', () => {
  it('writes what `hookflow flows export` writes: no status, token or times', () => {
    const doc = JSON.parse(flowFileText(flow));
    expect(doc).toEqual({
      id: 'flw_8Jk2',
      name: 'Assigned chat → CRM owner',
      status: '',
      version: 0,
      nodes: flow.nodes,
      edges: flow.edges,
      hookToken: '',
      trigger: { eventTypes: [], channels: [] },
      settings: { retention: '168h' },
      createdAt: '0001-01-01T00:00:00Z',
      updatedAt: '0001-01-01T00:00:00Z',
    });
    expect(flowFileText(flow)).toMatch(/^\{\n {2}"id": "flw_8Jk2",\n/);
    expect(flowFileText(flow).endsWith('}\n')).toBe(true);
  });

  it('names the file as the command line does', () => {
    expect(flowFileName(flow)).toBe('assigned-chat-crm-owner-flw_8Jk2.json');
    expect(flowFileName({ ...flow, name: '→ ✓' })).toBe('flow-flw_8Jk2.json');
    expect(flowFileName({ ...flow, name: 'a'.repeat(60) })).toBe(`${'a'.repeat(40)}-flw_8Jk2.json`);
  });

  it('reads back what it writes', () => {
    expect(parseFlowFile('x.json', flowFileText(flow))).toEqual({
      name: flow.name,
      nodes: flow.nodes,
      edges: flow.edges,
      settings: flow.settings,
    });
  });
});

describe('duplicate', () => {
  it('copies the graph under a new name that the server takes', () => {
    expect(duplicateInput(flow)).toEqual({ name: 'Copy of Assigned chat → CRM owner', nodes: flow.nodes, edges: flow.edges, settings: flow.settings });
    expect(duplicateInput({ ...flow, name: 'n'.repeat(200) }).name).toHaveLength(200);
  });
});

describe('import', () => {
  it('takes a file written by the command line, Go escapes and all', () => {
    const cli = `{
  "id": "flw_1", "name": "Leads \\u003e Sheet", "status": "", "version": 0,
  "nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1, "position": {"x": 0, "y": 0}, "config": {"a": "\\u0026"}}],
  "edges": [], "hookToken": "", "trigger": {"eventTypes": [], "channels": []}, "settings": {},
  "createdAt": "0001-01-01T00:00:00Z", "updatedAt": "0001-01-01T00:00:00Z"
}`;
    const input = parseFlowFile('leads-flw_1.json', cli);
    expect(input.name).toBe('Leads > Sheet');
    expect(input.nodes?.[0]?.config).toEqual({ a: '&' });
    expect(input.edges).toEqual([]);
  });

  it('names a flow without a name after its file', () => {
    expect(parseFlowFile('welcome.json', '{"nodes": []}').name).toBe('welcome');
  });

  it.each([
    ['not JSON', 'name: flow', 'it is not a JSON file'],
    ['empty', '', 'it is not a JSON file'],
    ['a list', '[{"nodes": []}]', 'it holds JSON, but not one flow object'],
    ['no nodes', '{"name": "x"}', 'it has no list of nodes'],
    ['nodes not a list', '{"nodes": {}}', 'it has no list of nodes'],
    ['a node without a type', '{"nodes": [{"id": "a"}]}', 'node 1 has no id or type'],
    ['edges not a list', '{"nodes": [], "edges": "a->b"}', 'its edges are not a list'],
    ['an edge without ends', '{"nodes": [], "edges": [{"from": "a"}]}', 'edge 1 does not say which nodes it joins'],
    ['a number for a name', '{"name": 5, "nodes": []}', 'its name is not text'],
  ])('refuses %s, saying why and what to do', (_, text, why) => {
    expect(() => parseFlowFile('bad.json', text)).toThrow(FlowFileError);
    expect(() => parseFlowFile('bad.json', text)).toThrow(`“bad.json” cannot be imported: ${why}. Choose a file made with Export, or with hookflow flows export.`);
  });

  it('refuses a file too large to be a flow before reading it', async () => {
    const big = new File(['x'.repeat((2 << 20) + 1)], 'huge.json', { type: 'application/json' });
    await expect(readFlowFile(big)).rejects.toThrow('“huge.json” cannot be imported: it is larger than 2 MB');
  });
});
