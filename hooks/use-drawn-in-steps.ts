"use client";
// Browser: how much of a long list to draw now, so that a long stored history is drawn in short tasks.

import { useEffect, useState } from "react";
import { afterNextFrame } from "@/lib/next-frame";

/**
 * How many of `total` items to draw: `first` at once, then `step` more in a task of their own after each frame
 * (so the layout of each step is a task of its own too), until all are drawn. Drawing a long history at once
 * blocked the page for a few hundred milliseconds at four times slower CPU; each step stays well under the 50 ms
 * that make a task "long".
 */
export function useDrawnInSteps(total: number, first: number, step: number): number {
  const [drawn, setDrawn] = useState(first);
  const complete = drawn >= total;
  useEffect(() => {
    if (complete) return;
    return afterNextFrame(() => setDrawn((count) => count + step));
  }, [complete, drawn, step]);
  return Math.min(drawn, total);
}
