/**
 * A uPlot chart in a figure: the canvas is for the eye; the caller gives the same figures as a table for everyone
 * else (screen readers, 200 % zoom). The chart follows its container's width.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartProps {
  /** The figure's caption (also the chart's accessible name). */
  caption: string;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  /** The data table shown under the chart. */
  children?: ComponentChildren;
}

export function Chart({ caption, options, data, height = 220, children }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = box.current;
    if (target === null) return undefined;
    const width = () => Math.max(240, target.clientWidth);
    const plot = new uPlot({ ...options, width: width(), height }, data, target);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    observer.observe(target);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <div ref={box} role="img" aria-label={`${caption} (chart; the table below has the same figures)`} />
      {children}
    </figure>
  );
}

/** Colours of the series (distinguishable, with enough contrast on white). */
export const PALETTE = ['#1f5fbf', '#b3261e', '#1b7f3b', '#8a4f00', '#6b3fa0', '#00707a', '#5c5c5c', '#a0306e'];
