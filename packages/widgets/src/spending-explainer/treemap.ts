/**
 * The treemap's layout: d3-hierarchy's squarified treemap (ratio φ), imported with the data so
 * it is not part of the element's entry bundle. Rectangles in fractions of the box (0…1), so
 * the element places them in % through the CSSOM (no style attributes: fine under a strict CSP).
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';

export interface Cell {
  i: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Cells for `weights` (> 0) in a box of `width` × `height` (any unit), in input order. */
export function layout(weights: readonly number[], width: number, height: number): Cell[] {
  const root = hierarchy<{ i?: number; c?: { i: number }[] }>({ c: weights.map((_, i) => ({ i })) }, (d) => d.c).sum((d) => (d.i === undefined ? 0 : weights[d.i]!));
  treemap<{ i?: number }>().tile(treemapSquarify).size([width, height]).round(false)(root);
  const out: Cell[] = [];
  for (const l of root.leaves() as unknown as { data: { i: number }; x0: number; y0: number; x1: number; y1: number }[])
    out[l.data.i] = { i: l.data.i, x: l.x0 / width, y: l.y0 / height, w: (l.x1 - l.x0) / width, h: (l.y1 - l.y0) / height };
  return out;
}
