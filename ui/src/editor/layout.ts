// Auto-layout: steps in columns (layers) from left to right by their
// edges, each step one column right of the furthest step that leads to it;
// within a column, steps sit near the steps they come from, branches in
// the order of their ports, pushed apart so that none overlap.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
  /** Index of the edge's port among its source's ports: branches keep this order top to bottom. */
  portIndex?: number;
}

export interface LayoutOptions {
  /** Space between columns. */
  gapX?: number;
  /** Space between steps of one column. */
  gapY?: number;
}

export type Point = { x: number; y: number };

/** layeredLayout returns the top-left corner of every node. Edges that close a cycle are ignored. */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], opts: LayoutOptions = {}): Map<string, Point> {
  const gapX = opts.gapX ?? 80;
  const gapY = opts.gapY ?? 40;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const dag = acyclic(
    nodes.map((n) => n.id),
    edges.filter((e) => e.source !== e.target && byId.has(e.source) && byId.has(e.target)),
  );
  const layers = layersOf(nodes.map((n) => n.id), dag);
  const out = new Map<string, Point>();
  const centre = new Map<string, number>();
  let x = 0;
  layers.forEach((layer, i) => {
    const wanted = layer.map((id) => wantedCentre(id, dag, centre, byId));
    const order = i === 0 ? layer : sortBy(layer, wanted);
    const ys = place(order.map((id) => byId.get(id)!), i === 0 ? order.map(() => 0) : sortBy(wanted, wanted), gapY);
    let width = 0;
    order.forEach((id, k) => {
      const n = byId.get(id)!;
      out.set(id, { x, y: ys[k]! });
      centre.set(id, ys[k]! + n.height / 2);
      width = Math.max(width, n.width);
    });
    x += width + gapX;
  });
  return out;
}

/** acyclic drops the edges that close a cycle, found by a depth-first walk from the nodes nothing leads to. */
function acyclic(ids: string[], edges: LayoutEdge[]): LayoutEdge[] {
  const out = new Map<string, LayoutEdge[]>();
  const indeg = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) {
    out.set(e.source, [...(out.get(e.source) ?? []), e]);
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  }
  const state = new Map<string, 'open' | 'done'>();
  const keep: LayoutEdge[] = [];
  const walk = (id: string) => {
    state.set(id, 'open');
    for (const e of out.get(id) ?? []) {
      const s = state.get(e.target);
      if (s === 'open') continue;
      keep.push(e);
      if (s === undefined) walk(e.target);
    }
    state.set(id, 'done');
  };
  for (const id of ids) if (indeg.get(id) === 0 && !state.has(id)) walk(id);
  for (const id of ids) if (!state.has(id)) walk(id);
  return keep;
}

/** layersOf puts each node one layer right of the furthest node that leads to it (longest path). */
function layersOf(ids: string[], edges: LayoutEdge[]): string[][] {
  const indeg = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>();
  for (const e of edges) {
    indeg.set(e.target, indeg.get(e.target)! + 1);
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  }
  const layer = new Map(ids.map((id) => [id, 0]));
  const ready = ids.filter((id) => indeg.get(id) === 0);
  while (ready.length) {
    const id = ready.shift()!;
    for (const t of out.get(id) ?? []) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
      indeg.set(t, indeg.get(t)! - 1);
      if (indeg.get(t) === 0) ready.push(t);
    }
  }
  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  return layers.filter((l) => l !== undefined);
}

/**
 * wantedCentre is where a node would like its vertical centre: the mean of
 * the centres of the nodes leading to it, nudged by port so that the
 * branches of one step keep their order.
 */
function wantedCentre(
  id: string,
  edges: LayoutEdge[],
  centre: Map<string, number>,
  byId: Map<string, LayoutNode>,
): number {
  const from = edges.filter((e) => e.target === id && centre.has(e.source));
  if (from.length === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (const e of from) sum += centre.get(e.source)! + (e.portIndex ?? 0) * 1e-3;
  return sum / from.length - byId.get(id)!.height / 2;
}

/** sortBy orders items by their keys; equal keys keep their order. */
function sortBy<T>(items: T[], keys: number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i]!, i }))
    .sort((a, b) => (a.key === b.key ? a.i - b.i : a.key < b.key ? -1 : 1))
    .map((x) => x.item);
}

/**
 * place gives each node of a column its top: as near its wanted top as the
 * nodes above allow, then the whole column moved so that, on average, the
 * nodes sit where they wanted (moving them all together keeps the gaps).
 */
function place(column: LayoutNode[], wanted: number[], gapY: number): number[] {
  const tops: number[] = [];
  let next = Number.NEGATIVE_INFINITY;
  const known = wanted.map((w) => (Number.isFinite(w) ? w : undefined));
  column.forEach((n, i) => {
    const want = known[i] ?? (Number.isFinite(next) ? next : 0);
    const top = Math.max(want, next);
    tops.push(top);
    next = top + n.height + gapY;
  });
  const shifts = tops.flatMap((t, i) => (known[i] === undefined ? [] : [known[i]! - t]));
  const shift = shifts.length ? shifts.reduce((a, b) => a + b, 0) / shifts.length : 0;
  return tops.map((t) => t + shift);
}

export interface Box extends LayoutNode, Point {}

/**
 * freeSpot returns where a step of the given size goes when it is added
 * without a drop point: right of the step it follows (the selected one),
 * or at the wanted point, moved down until it overlaps no step.
 */
export function freeSpot(boxes: Box[], size: { width: number; height: number }, wanted: Point, after?: Box, gap = 40): Point {
  const at = after ? { x: after.x + after.width + gap * 2, y: after.y } : { ...wanted };
  const hits = (p: Point) =>
    boxes.filter((b) => p.x < b.x + b.width + gap / 2 && b.x < p.x + size.width + gap / 2 && p.y < b.y + b.height + gap / 2 && b.y < p.y + size.height + gap / 2);
  // Each move goes below every step it hit, so no step is hit twice and this ends.
  for (let hit = hits(at); hit.length > 0; hit = hits(at)) at.y = Math.max(...hit.map((b) => b.y + b.height + gap));
  return at;
}
