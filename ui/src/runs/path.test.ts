import { describe, expect, it } from 'vitest';
import type { FlowEdge, Step } from '../api/types';
import { pathOf } from './path';

const at = '2026-01-02T03:04:05Z';
const step = (nodeId: string, status: Step['status'], port?: string): Step => ({
  nodeId,
  type: 'set',
  status,
  port,
  attempts: status === 'skipped' ? 0 : 1,
  startedAt: at,
  durationMs: 1,
});

// trigger → vip (condition) ─true→ crm (http, error port → note) → reply
//                           └false→ plain
const edges: FlowEdge[] = [
  { from: 'trigger', to: 'vip' },
  { from: 'vip', port: 'true', to: 'crm' },
  { from: 'vip', port: 'false', to: 'plain' },
  { from: 'crm', to: 'reply' },
  { from: 'crm', port: 'error', to: 'note' },
];

describe('pathOf', () => {
  it('marks the branch taken and leaves the other one out', () => {
    const p = pathOf(
      [step('trigger', 'succeeded', 'out'), step('vip', 'succeeded', 'true'), step('crm', 'succeeded', 'out'), step('reply', 'succeeded', 'out'), step('plain', 'skipped'), step('note', 'skipped')],
      edges,
    );
    expect([...p.edges].sort()).toEqual(['crm:out->reply', 'trigger:out->vip', 'vip:true->crm']);
    expect(p.nodes.get('plain')).toBe('skipped');
    expect(p.nodes.get('reply')).toBe('succeeded');
  });

  it('follows a failed step that continues by its error port', () => {
    const p = pathOf(
      [step('trigger', 'succeeded', 'out'), step('vip', 'succeeded', 'true'), step('crm', 'failed', 'error'), step('note', 'succeeded', 'out'), step('reply', 'skipped')],
      edges,
    );
    expect([...p.edges].sort()).toEqual(['crm:error->note', 'trigger:out->vip', 'vip:true->crm']);
    expect(p.nodes.get('crm')).toBe('failed');
  });

  it('stops at a step that failed the run, or waits, and knows nothing of steps not run yet', () => {
    const failed = pathOf([step('trigger', 'succeeded'), step('vip', 'failed')], edges);
    expect([...failed.edges]).toEqual(['trigger:out->vip']);
    const waiting = pathOf([step('trigger', 'succeeded', 'out'), step('vip', 'waiting')], edges);
    expect([...waiting.edges]).toEqual(['trigger:out->vip']);
    expect(waiting.nodes.has('crm')).toBe(false);
  });
});
