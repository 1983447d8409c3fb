import { describe, expect, it } from 'vitest';
import { freeSpot, layeredLayout, type Box, type LayoutEdge, type LayoutNode, type Point } from './layout';

function box(n: LayoutNode, p: Point) {
  return { left: p.x, right: p.x + n.width, top: p.y, bottom: p.y + n.height };
}

function expectNoOverlap(nodes: LayoutNode[], at: Map<string, Point>) {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = box(nodes[i]!, at.get(nodes[i]!.id)!);
      const b = box(nodes[j]!, at.get(nodes[j]!.id)!);
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `${nodes[i]!.id} and ${nodes[j]!.id} overlap`).toBe(true);
    }
  }
}

function expectLeftToRight(nodes: LayoutNode[], edges: LayoutEdge[], at: Map<string, Point>) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const s = at.get(e.source)!;
    const t = at.get(e.target)!;
    expect(t.x, `${e.source} -> ${e.target}`).toBeGreaterThanOrEqual(s.x + byId.get(e.source)!.width);
  }
}

const n = (id: string, width = 200, height = 80): LayoutNode => ({ id, width, height });

describe('layeredLayout', () => {
  it('places a chain left to right', () => {
    const nodes = [n('c'), n('trigger'), n('b')];
    const edges = [
      { source: 'trigger', target: 'b' },
      { source: 'b', target: 'c' },
    ];
    const at = layeredLayout(nodes, edges);
    expectLeftToRight(nodes, edges, at);
    expectNoOverlap(nodes, at);
    expect(at.get('trigger')!.y).toBe(at.get('b')!.y);
  });

  it('spreads the branches of a condition vertically, in port order, around it', () => {
    const nodes = [n('trigger'), n('vip', 220, 100), n('crm'), n('sheet'), n('respond')];
    const edges: LayoutEdge[] = [
      { source: 'trigger', target: 'vip' },
      { source: 'vip', target: 'sheet', portIndex: 1 },
      { source: 'vip', target: 'crm', portIndex: 0 },
      { source: 'crm', target: 'respond' },
      { source: 'sheet', target: 'respond' },
      { source: 'trigger', target: 'respond' },
    ];
    const at = layeredLayout(nodes, edges);
    expectLeftToRight(nodes, edges, at);
    expectNoOverlap(nodes, at);
    expect(at.get('crm')!.x).toBe(at.get('sheet')!.x);
    expect(at.get('crm')!.y).toBeLessThan(at.get('sheet')!.y);
    const vipCentre = at.get('vip')!.y + 50;
    expect(at.get('crm')!.y + 40).toBeLessThan(vipCentre);
    expect(at.get('sheet')!.y + 40).toBeGreaterThan(vipCentre);
  });

  it('keeps many branches, unconnected steps and different sizes apart', () => {
    const nodes = [n('t'), n('sw'), ...Array.from({ length: 6 }, (_, i) => n(`c${i}`, 150 + i * 20, 60 + i * 15)), n('alone'), n('alone2')];
    const edges: LayoutEdge[] = [
      { source: 't', target: 'sw' },
      ...Array.from({ length: 6 }, (_, i) => ({ source: 'sw', target: `c${i}`, portIndex: i })),
      { source: 'c0', target: 'c5' },
    ];
    const at = layeredLayout(nodes, edges);
    expect(at.size).toBe(nodes.length);
    expectLeftToRight(nodes, edges, at);
    expectNoOverlap(nodes, at);
  });

  it('ignores the edge that closes a cycle and edges to unknown steps', () => {
    const nodes = [n('a'), n('b'), n('c')];
    const edges: LayoutEdge[] = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'b' },
      { source: 'c', target: 'ghost' },
      { source: 'a', target: 'a' },
    ];
    const at = layeredLayout(nodes, edges);
    expectLeftToRight(nodes, edges.slice(0, 2), at);
    expectNoOverlap(nodes, at);
  });
});

describe('freeSpot', () => {
  const size = { width: 200, height: 80 };
  const b = (id: string, x: number, y: number): Box => ({ id, x, y, width: 200, height: 80 });
  const apart = (p: Point, o: Box) => p.x + size.width <= o.x || o.x + o.width <= p.x || p.y + size.height <= o.y || o.y + o.height <= p.y;

  it('puts a step right of the one it follows', () => {
    const trigger = b('trigger', 0, 0);
    expect(freeSpot([trigger], size, { x: 0, y: 0 }, trigger)).toEqual({ x: 280, y: 0 });
  });

  it('moves a step added on top of others down until it is clear of all of them', () => {
    const boxes = [b('trigger', 0, 0), b('a', 0, 100), b('far', 600, 0)];
    const at = freeSpot(boxes, size, { x: 10, y: 10 });
    expect(at.x).toBe(10);
    for (const o of boxes) expect(apart(at, o), o.id).toBe(true);
    expect(at.y).toBe(220);
  });

  it('keeps the wanted point when it is free', () => {
    expect(freeSpot([b('trigger', 0, 0)], size, { x: 0, y: 400 })).toEqual({ x: 0, y: 400 });
  });

  it('steps past a column of steps right of the selected one', () => {
    const trigger = b('trigger', 0, 0);
    const boxes = [trigger, b('one', 280, 0), b('two', 280, 120)];
    const at = freeSpot(boxes, size, { x: 0, y: 0 }, trigger);
    expect(at).toEqual({ x: 280, y: 240 });
  });
});
