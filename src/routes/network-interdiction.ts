/**
 * @module routes/network-interdiction
 * Where interdiction bites, on a coarse network drawn from the raster corridors: nodes at sources, targets and the
 * cells where corridors join or split, one edge per corridor segment between them (its least-cost cost). On it:
 * Yen's k shortest loopless paths (Yen 1971, Management Science 17:712), the segments whose closure raises the
 * cheapest route's cost most (most vital arcs by enumeration, the budget-1 case of Israeli & Wood 2002, Networks
 * 40:97), and the smallest set of segments separating the sources from the targets (max-flow/min-cut with unit
 * capacities, Edmonds-Karp; Ford & Fulkerson 1956).
 */
import { pathCost, type CostGrid } from "./accumulated-cost.ts";

export interface Segment {
  id: number;
  /** Coarse node ids at its ends. */
  a: number;
  b: number;
  /** Raster cells from a's cell to b's cell. */
  cells: Int32Array;
  cost: number;
}

export interface CorridorNetwork {
  /** Raster cell of each coarse node. */
  nodeCells: number[];
  segments: Segment[];
  sourceNodes: number[];
  targetNodes: number[];
}

/**
 * The coarse network of a set of raster routes (cell sequences): the union of their moves, cut at every cell of
 * degree other than 2 and at the sources and targets.
 */
export function corridorNetwork(
  grid: CostGrid,
  routes: readonly Int32Array[],
  sourceCells: readonly number[],
  targetCells: readonly number[],
): CorridorNetwork {
  const adj = new Map<number, Set<number>>();
  const link = (u: number, v: number): void => {
    if (u === v) return;
    if (!adj.has(u)) adj.set(u, new Set());
    if (!adj.has(v)) adj.set(v, new Set());
    adj.get(u)!.add(v);
    adj.get(v)!.add(u);
  };
  for (const r of routes) for (let i = 1; i < r.length; i++) link(r[i - 1]!, r[i]!);
  const special = new Set([...sourceCells, ...targetCells].filter((c) => adj.has(c)));
  const isNode = (c: number): boolean => special.has(c) || adj.get(c)!.size !== 2;
  const nodeId = new Map<number, number>();
  const nodeCells: number[] = [];
  for (const c of [...adj.keys()].sort((x, y) => x - y)) {
    if (isNode(c)) {
      nodeId.set(c, nodeCells.length);
      nodeCells.push(c);
    }
  }
  const segments: Segment[] = [];
  const seen = new Set<string>();
  for (const start of nodeCells) {
    for (const first of adj.get(start)!) {
      const key = `${start}>${first}`;
      if (seen.has(key)) continue;
      const cells = [start];
      let prev = start;
      let cur = first;
      while (!isNode(cur)) {
        cells.push(cur);
        const next = [...adj.get(cur)!].find((n) => n !== prev)!;
        prev = cur;
        cur = next;
      }
      cells.push(cur);
      seen.add(key);
      seen.add(`${cur}>${prev}`);
      const arr = Int32Array.from(cells);
      segments.push({ id: segments.length, a: nodeId.get(start)!, b: nodeId.get(cur)!, cells: arr, cost: pathCost(grid, arr) });
    }
  }
  return {
    nodeCells,
    segments,
    sourceNodes: sourceCells.filter((c) => nodeId.has(c)).map((c) => nodeId.get(c)!),
    targetNodes: targetCells.filter((c) => nodeId.has(c)).map((c) => nodeId.get(c)!),
  };
}

export interface NetworkPath {
  /** Segment ids in order. */
  segments: number[];
  nodes: number[];
  cost: number;
}

/** Cheapest path from any source node to any target node avoiding `removedSegments` and `removedNodes` (Dijkstra). */
export function shortestPath(
  net: CorridorNetwork,
  sources: readonly number[],
  targets: readonly number[],
  removedSegments = new Set<number>(),
  removedNodes = new Set<number>(),
): NetworkPath | undefined {
  const n = net.nodeCells.length;
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const incident: number[][] = Array.from({ length: n }, () => []);
  for (const s of net.segments) {
    if (removedSegments.has(s.id)) continue;
    incident[s.a]!.push(s.id);
    incident[s.b]!.push(s.id);
  }
  for (const s of sources) if (!removedNodes.has(s)) dist[s] = 0;
  const isTarget = new Set(targets);
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (done[i] === 0 && dist[i]! < Infinity && (u < 0 || dist[i]! < dist[u]!)) u = i;
    if (u < 0) return undefined;
    if (isTarget.has(u)) {
      const segs: number[] = [];
      const nodes = [u];
      let x = u;
      while (via[x]! >= 0) {
        const seg = net.segments[via[x]!]!;
        segs.push(seg.id);
        x = seg.a === x ? seg.b : seg.a;
        nodes.push(x);
      }
      return { segments: segs.reverse(), nodes: nodes.reverse(), cost: dist[u]! };
    }
    done[u] = 1;
    for (const id of incident[u]!) {
      const seg = net.segments[id]!;
      const v = seg.a === u ? seg.b : seg.a;
      if (removedNodes.has(v) || done[v] === 1) continue;
      const d = dist[u]! + seg.cost;
      if (d < dist[v]!) {
        dist[v] = d;
        via[v] = id;
      }
    }
  }
}

/** Yen's k shortest loopless paths from the source nodes to the target nodes. */
export function yenKShortest(net: CorridorNetwork, k: number): NetworkPath[] {
  const first = shortestPath(net, net.sourceNodes, net.targetNodes);
  if (!first) return [];
  const found: NetworkPath[] = [first];
  const candidates: NetworkPath[] = [];
  const key = (p: NetworkPath): string => p.segments.join(",");
  const known = new Set([key(first)]);
  while (found.length < k) {
    const last = found[found.length - 1]!;
    for (let i = 0; i < last.nodes.length - 1; i++) {
      const spur = last.nodes[i]!;
      const rootSegs = last.segments.slice(0, i);
      const rootCost = rootSegs.reduce((s, id) => s + net.segments[id]!.cost, 0);
      const removedSegments = new Set<number>();
      for (const p of found) if (p.segments.slice(0, i).join(",") === rootSegs.join(",") && p.segments[i] !== undefined) removedSegments.add(p.segments[i]!);
      const removedNodes = new Set(last.nodes.slice(0, i));
      // other source nodes may not start the spur either (the path keeps its root)
      for (const s of net.sourceNodes) if (s !== spur) removedNodes.add(s);
      const tail = shortestPath(net, [spur], net.targetNodes, removedSegments, removedNodes);
      if (!tail) continue;
      const p = { segments: [...rootSegs, ...tail.segments], nodes: [...last.nodes.slice(0, i), ...tail.nodes], cost: rootCost + tail.cost };
      if (!known.has(key(p))) {
        known.add(key(p));
        candidates.push(p);
      }
    }
    if (candidates.length === 0) break;
    candidates.sort((a, b) => a.cost - b.cost || a.segments.length - b.segments.length);
    found.push(candidates.shift()!);
  }
  return found;
}

export interface VitalSegment {
  segment: number;
  /** Cheapest cost once the segment is closed (Infinity: closing it separates sources from targets). */
  costWithout: number;
  addedCost: number;
}

/** Segments of the cheapest path ranked by how much closing each alone raises the cheapest cost. */
export function mostVitalSegments(net: CorridorNetwork): VitalSegment[] {
  const best = shortestPath(net, net.sourceNodes, net.targetNodes);
  if (!best) return [];
  return best.segments
    .map((id) => {
      const p = shortestPath(net, net.sourceNodes, net.targetNodes, new Set([id]));
      const costWithout = p ? p.cost : Infinity;
      return { segment: id, costWithout, addedCost: costWithout - best.cost };
    })
    .sort((a, b) => b.addedCost - a.addedCost || a.segment - b.segment);
}

/** The smallest set of segments whose closure separates every source node from every target node (unit capacities). */
export function minCutSegments(net: CorridorNetwork): { maxFlow: number; cut: number[] } {
  const n = net.nodeCells.length + 2;
  const S = n - 2;
  const T = n - 1;
  // residual graph as arc arrays: arc 2e and 2e+1 are a pair
  const head: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const next: number[] = [];
  const first = new Array<number>(n).fill(-1);
  const arc = (u: number, v: number, c: number, back: number): void => {
    to.push(v);
    cap.push(c);
    next.push(first[u]!);
    first[u] = to.length - 1;
    head.push(u);
    to.push(u);
    cap.push(back);
    next.push(first[v]!);
    first[v] = to.length - 1;
    head.push(v);
  };
  const big = net.segments.length + 1;
  for (const seg of net.segments) arc(seg.a, seg.b, 1, 1); // undirected: capacity 1 both ways
  for (const s of net.sourceNodes) arc(S, s, big, 0);
  for (const t of net.targetNodes) arc(t, T, big, 0);
  let flow = 0;
  for (;;) {
    const prevArc = new Array<number>(n).fill(-1);
    const queue = [S];
    const seen = new Uint8Array(n);
    seen[S] = 1;
    while (queue.length > 0 && seen[T] === 0) {
      const u = queue.shift()!;
      for (let e = first[u]!; e >= 0; e = next[e]!) {
        const v = to[e]!;
        if (cap[e]! > 0 && seen[v] === 0) {
          seen[v] = 1;
          prevArc[v] = e;
          queue.push(v);
        }
      }
    }
    if (seen[T] === 0) {
      const cut: number[] = [];
      net.segments.forEach((seg, i) => {
        if (seen[seg.a] !== seen[seg.b]) cut.push(i);
      });
      return { maxFlow: flow, cut };
    }
    let v = T;
    while (v !== S) {
      const e = prevArc[v]!;
      cap[e]! -= 1;
      cap[e ^ 1]! += 1;
      v = head[e]!;
    }
    flow++;
    if (flow > net.segments.length) return { maxFlow: Infinity, cut: [] };
  }
}
