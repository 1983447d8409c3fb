import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../api/types';
import { stepSubtitle, inletsOf, inletValue, parseInlet, problemPlace, startingConfig, toCanvas, unconnectedSteps } from './graph';

const spec = (type: string, kind: NodeSpec['kind']): NodeSpec => ({ type, version: 1, kind, label: type, description: '', ports: [{ name: 'out' }], fields: [] });
const specs = new Map([spec('webhook', 'trigger'), spec('event', 'trigger'), spec('condition', 'logic'), spec('http', 'action')].map((s) => [s.type, s]));
const step = (id: string, type: string) => ({ id, data: { type, config: {} } });

describe('unconnectedSteps', () => {
  it('names the steps no trigger reaches, however the edges branch', () => {
    const nodes = [step('trigger', 'webhook'), step('check', 'condition'), step('yes', 'http'), step('no', 'http'), step('loose', 'http'), step('after_loose', 'http')];
    const edges = [
      { source: 'trigger', target: 'check' },
      { source: 'check', target: 'yes' },
      { source: 'check', target: 'no' },
      { source: 'loose', target: 'after_loose' },
    ];
    expect([...unconnectedSteps(nodes, edges, specs)].sort()).toEqual(['after_loose', 'loose']);
  });

  it('never names a trigger, and names every step of a flow without one', () => {
    expect([...unconnectedSteps([step('trigger', 'webhook')], [], specs)]).toEqual([]);
    expect([...unconnectedSteps([step('a', 'http'), step('b', 'condition')], [{ source: 'a', target: 'b' }], specs)].sort()).toEqual(['a', 'b']);
  });

  it('follows edges into a step reached twice only once', () => {
    const nodes = [step('t', 'event'), step('a', 'http'), step('b', 'http'), step('c', 'http')];
    const edges = [
      { source: 't', target: 'a' },
      { source: 't', target: 'b' },
      { source: 'a', target: 'c' },
      { source: 'b', target: 'c' },
    ];
    expect(unconnectedSteps(nodes, edges, specs).size).toBe(0);
  });
});

describe('startingConfig', () => {
  it('starts a condition in the rules builder with one empty rule, other steps empty', () => {
    expect(startingConfig('condition')).toEqual({ mode: 'rules', rules: [{}] });
    expect(startingConfig('http')).toEqual({});
  });
});

describe('problemPlace', () => {
  const crm: NodeSpec = {
    ...spec('crm', 'action'),
    label: 'CRM',
    fields: [
      { name: 'provider', label: 'CRM', kind: 'select' },
      { name: 'match', label: 'Find the record by', kind: 'keyvalue' },
    ],
  };
  const all = new Map([...specs, ['crm', crm]]);
  const nodes = [{ id: 'crm', data: { type: 'crm', config: {} } }, { id: 'sync', data: { type: 'crm', name: 'Sync owner', config: {} } }];

  it("names the step and the field as the panel shows them", () => {
    expect(problemPlace({ nodeId: 'crm', field: 'provider', message: 'CRM is required' }, nodes, all)).toBe('CRM · CRM');
    expect(problemPlace({ nodeId: 'sync', field: 'provider', message: '' }, nodes, all)).toBe('Sync owner · CRM');
    expect(problemPlace({ nodeId: 'sync', field: '', message: '' }, nodes, all)).toBe('Sync owner');
  });

  it('keeps the path of a field inside a value, and raw names it cannot resolve', () => {
    expect(problemPlace({ nodeId: 'crm', field: 'match.phone', message: '' }, nodes, all)).toBe('CRM · Find the record by (match.phone)');
    expect(problemPlace({ nodeId: 'crm', field: 'edges', message: '' }, nodes, all)).toBe('CRM · edges');
    expect(problemPlace({ nodeId: 'gone', field: 'url', message: '' }, nodes, all)).toBe('gone · url');
    expect(problemPlace({ nodeId: '', field: '', message: 'no trigger' }, nodes, all)).toBe('Flow');
  });
});

describe('toCanvas', () => {
  const specsWithPorts = new Map([
    ['webhook', spec('webhook', 'trigger')],
    ['condition', { ...spec('condition', 'logic'), ports: [{ name: 'true' }, { name: 'false' }] }],
    ['http', spec('http', 'action')],
  ]);
  const at = { x: 0, y: 0 };

  it('lays out a flow whose steps all stand on one spot, left to right, none on another', () => {
    const { nodes } = toCanvas(
      {
        nodes: [
          { id: 'trigger', type: 'webhook', typeVersion: 1, position: at },
          { id: 'check', type: 'condition', typeVersion: 1, position: at },
          { id: 'yes', type: 'http', typeVersion: 1, position: at },
          { id: 'no', type: 'http', typeVersion: 1, position: at },
        ],
        edges: [
          { from: 'trigger', to: 'check' },
          { from: 'check', port: 'true', to: 'yes' },
          { from: 'check', port: 'false', to: 'no' },
        ],
      },
      specsWithPorts,
    );
    const p = new Map(nodes.map((n) => [n.id, n.position]));
    expect(p.get('check')!.x).toBeGreaterThan(p.get('trigger')!.x);
    expect(p.get('yes')!.x).toBeGreaterThan(p.get('check')!.x);
    expect(p.get('yes')!.y).toBeLessThan(p.get('no')!.y); // the true branch above the false one
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(4);
  });

  it('keeps the positions a flow was saved with', () => {
    const { nodes } = toCanvas(
      {
        nodes: [
          { id: 'trigger', type: 'webhook', typeVersion: 1, position: { x: 10, y: 20 } },
          { id: 'call', type: 'http', typeVersion: 1, position: { x: 10, y: 300 } },
        ],
        edges: [{ from: 'trigger', to: 'call' }],
      },
      specsWithPorts,
    );
    expect(nodes.map((n) => n.position)).toEqual([
      { x: 10, y: 20 },
      { x: 10, y: 300 },
    ]);
  });
});

describe('inletsOf', () => {
  const ported = new Map([
    ['webhook', spec('webhook', 'trigger')],
    ['condition', { ...spec('condition', 'logic'), label: 'Condition', ports: [{ name: 'true', label: 'True' }, { name: 'false', label: 'False' }] }],
    ['http', { ...spec('http', 'action'), label: 'HTTP Request' }],
  ]);
  const nodes = [
    { id: 'trigger', data: { type: 'webhook', config: {} } },
    { id: 'check', data: { type: 'condition', config: {} } },
    { id: 'call', data: { type: 'http', name: 'Tell the CRM', config: {} } },
    { id: 'after', data: { type: 'http', config: {} } },
  ];
  const edges = [
    { source: 'trigger', target: 'check' },
    { source: 'call', target: 'after' },
  ];

  it("offers every other step's ports, named as on the canvas", () => {
    expect(inletsOf('call', nodes, edges, ported).map((i) => i.label)).toEqual(['webhook', 'Condition → True', 'Condition → False']);
    expect(parseInlet(inletsOf('call', nodes, edges, ported)[1]!.value)).toEqual({ source: 'check', port: 'true' });
  });

  it('leaves out the step itself and the steps after it, which would close a loop', () => {
    const labels = inletsOf('check', nodes, [...edges, { source: 'check', target: 'call' }], ported).map((i) => i.label);
    expect(labels).toEqual(['webhook']);
  });

  it('round-trips ids and ports with any characters', () => {
    expect(parseInlet(inletValue('a-1', 'case "x", y'))).toEqual({ source: 'a-1', port: 'case "x", y' });
  });
});

describe('stepSubtitle', () => {
  const http = { ...spec('http', 'action'), label: 'HTTP Request' };
  it('says the type once', () => {
    expect(stepSubtitle(http, { type: 'http' }, 'call')).toBe('call');
    expect(stepSubtitle(http, { type: 'http', name: 'HTTP Request' }, 'call')).toBe('call');
    expect(stepSubtitle(http, { type: 'http', name: 'Tell the CRM' }, 'call')).toBe('HTTP Request · call');
    expect(stepSubtitle(undefined, { type: 'legacy' }, 'old')).toBe('Unknown type legacy · old');
  });
});
