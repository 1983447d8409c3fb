// Shared pieces of the mapping tests: a flow of a webhook trigger and the
// steps after it, its samples, and the mapping context over them.
import type { ReactNode } from 'react';
import type { NodeField, NodeSpec, Sample } from '../api/types';
import conditionFieldsJson from './testdata/condition_fields.json';
import { buildRunData, type Graph } from './context';
import { MappingContext, type MappingState } from './MappingContext';

/** conditionSpecFields are the condition node's fields as GET /api/node-types gives them. */
export const conditionSpecFields = conditionFieldsJson as NodeField[];

function spec(type: string, kind: NodeSpec['kind'], fields: NodeField[] = []): NodeSpec {
  return { type, version: 1, kind, label: type, description: '', ports: [], fields };
}

export const specs = new Map<string, NodeSpec>([
  [
    'webhook',
    spec('webhook', 'trigger', [
      {
        name: 'mappings',
        label: 'Field mappings',
        kind: 'list',
        declaresVars: true,
        fields: [
          { name: 'name', label: 'Variable name', kind: 'string', required: true },
          { name: 'path', label: 'Field', kind: 'path', required: true },
        ],
      },
    ]),
  ],
  ['http', spec('http', 'action')],
  ['condition', spec('condition', 'logic', conditionSpecFields)],
  ['set', spec('set', 'action', [{ name: 'values', label: 'Values', kind: 'list', declaresVars: true, fields: [] }])],
]);

/** The request of seed 002: a chat assigned to an agent. */
export const assignedChat = {
  method: 'POST',
  path: '/hook/whk_1',
  headers: { 'content-type': 'application/json' },
  query: {},
  body: {
    event: 'CHAT_ASSIGNED_TO_AGENT',
    wabaNumber: '919999900000',
    customer: { name: 'Asha Verma', phoneNumber: '+919876543210' },
    assignedAgent: { name: 'Ravi', email: 'ravi@example.com', orgRole: 'AGENT' },
    tags: ['vip', 'new'],
    amount: 150,
  },
};

/** graph is trigger → lookup → check, with a side step "other" that does not run before check. */
export function graph(triggerConfig: Record<string, unknown> = {}): Graph {
  return {
    nodes: [
      { id: 'trigger', type: 'webhook', name: 'On Webhook', config: triggerConfig },
      { id: 'lookup', type: 'http', name: 'Find owner', config: {} },
      { id: 'check', type: 'condition', config: {} },
      { id: 'other', type: 'http', config: {} },
    ],
    edges: [
      { from: 'trigger', to: 'lookup' },
      { from: 'lookup', to: 'check' },
      { from: 'check', to: 'other' },
    ],
  };
}

export function samples(trigger: unknown = assignedChat): Record<string, Sample> {
  const s = (nodeId: string, data: unknown): Sample => ({ flowId: 'flw_1', nodeId, data, source: 'capture', updatedAt: '' });
  const out: Record<string, Sample> = {
    lookup: s('lookup', { status: 200, body: { ownerId: 'own_7' } }),
    other: s('other', { status: 500 }),
  };
  if (trigger !== null) out.trigger = s('trigger', trigger);
  return out;
}

/** state is the mapping context of nodeId over the flow and its samples. */
export function state(nodeId: string, triggerConfig: Record<string, unknown> = {}, trigger: unknown = assignedChat): MappingState {
  const g = graph(triggerConfig);
  return {
    flowId: 'flw_1',
    graph: g,
    data: buildRunData(g, nodeId, samples(trigger), specs, 'flw_1'),
    error: '',
    reload: () => {},
  };
}

export function WithMapping({ value, children }: { value: MappingState; children: ReactNode }) {
  return <MappingContext.Provider value={value}>{children}</MappingContext.Provider>;
}
