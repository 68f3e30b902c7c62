// Breakpoints of a debug session, without DAP: source breakpoints on the lines that have stops
// (layer, loss and optimizer lines) with a mode (forward, backward or both), a condition, a hit
// condition or a log message; and the exception-style filters with their thresholds.

import { Message, message } from '../core/lang/localize';
import { Phase } from '../core/engine/stepper';

export type BreakpointMode = 'both' | 'forward' | 'backward';
export const BREAKPOINT_MODES: readonly { mode: BreakpointMode; label: Message; description: Message }[] = [
  { mode: 'both', label: message('Forward and backward'), description: message('Stops on the layer in both passes.') },
  { mode: 'forward', label: message('Forward only'), description: message('Stops when the layer computes its output.') },
  { mode: 'backward', label: message('Backward only'), description: message('Stops when the gradient reaches the layer.') },
];

export type FilterId = 'nan' | 'vanishing' | 'exploding' | 'deadRelu';

export interface FilterSpec {
  readonly id: FilterId;
  readonly label: Message;
  readonly description: Message;
  /** The threshold when the filter's condition is empty (NaN has none). */
  readonly threshold?: number;
}

export const FILTERS: readonly FilterSpec[] = [
  { id: 'nan', label: message('NaN or Inf'), description: message('Stops where a tensor first holds NaN or infinite values.') },
  { id: 'vanishing', label: message('Vanishing gradient (‖g‖ below a threshold)'), description: message("Stops at a backward stop whose gradient norm is below the threshold (the condition; 1e-6 if empty)."), threshold: 1e-6 },
  { id: 'exploding', label: message('Exploding gradient (‖g‖ above a threshold)'), description: message('Stops at a backward stop whose gradient norm is above the threshold (the condition; 100 if empty).'), threshold: 100 },
  { id: 'deadRelu', label: message('Dead ReLUs (fraction above a threshold)'), description: message('Stops after a ReLU layer whose fraction of zero outputs is above the threshold (the condition; 0.5 if empty).'), threshold: 0.5 },
];

export interface BreakpointSpec {
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
  readonly mode?: string;
}

export interface PlacedBreakpoint {
  readonly id: number;
  readonly verified: boolean;
  /** Where it stands: the asked line, or the next line with a stop below it. */
  readonly line: number;
  readonly mode: BreakpointMode;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
  readonly problem?: Message;
  hits: number;
}

export class Breakpoints {
  private nextId = 1;
  private readonly bySource = new Map<string, PlacedBreakpoint[]>();
  /** Enabled filters and their thresholds. */
  readonly filters = new Map<FilterId, number>();

  /** Replaces a file's breakpoints; `stopLines` are the lines that have stops, sorted. */
  set(path: string, specs: readonly BreakpointSpec[], stopLines: readonly number[]): PlacedBreakpoint[] {
    const placed = specs.map((spec): PlacedBreakpoint => {
      const line = stopLines.find((l) => l >= spec.line);
      const mode = (['forward', 'backward'].includes(spec.mode ?? '') ? spec.mode : 'both') as BreakpointMode;
      const common = { id: this.nextId++, mode, condition: spec.condition || undefined, hitCondition: spec.hitCondition || undefined, logMessage: spec.logMessage || undefined, hits: 0 };
      if (line === undefined) return { ...common, verified: false, line: spec.line, problem: message('No layer, loss or optimizer line at or below this line: nothing stops here.') };
      return { ...common, verified: true, line };
    });
    this.bySource.set(path, placed);
    return placed;
  }

  /** The verified breakpoints of a stop on `line` in `phase`. */
  at(path: string, line: number, phase: Phase): PlacedBreakpoint[] {
    return (this.bySource.get(path) ?? []).filter((b) => b.verified && b.line === line && (b.mode === 'both' || b.mode === phase || (phase !== 'forward' && phase !== 'backward')));
  }

  get hasAny(): boolean {
    return [...this.bySource.values()].some((list) => list.some((b) => b.verified));
  }

  /** Enables exactly these filters; a condition is a threshold. Returns what was wrong. */
  setFilters(filters: readonly { id: string; condition?: string }[]): Message[] {
    this.filters.clear();
    const problems: Message[] = [];
    for (const { id, condition } of filters) {
      const spec = FILTERS.find((f) => f.id === id);
      if (!spec) continue;
      const threshold = condition?.trim() ? Number(condition) : spec.threshold ?? 0;
      if (!Number.isFinite(threshold)) {
        problems.push(message("The threshold of '{0}' must be a number, not '{1}'.", id, condition ?? ''));
        this.filters.set(spec.id, spec.threshold ?? 0);
      } else {
        this.filters.set(spec.id, threshold);
      }
    }
    return problems;
  }
}

/** VS Code's hit conditions: `5` or `== 5` (the fifth hit), `>= 5`, `> 5`, `< 5`, `% 5` (every fifth). */
export function hitConditionMet(text: string, hits: number): boolean {
  const match = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!match) return true;
  const n = Number(match[2]);
  switch (match[1]) {
    case '>=':
      return hits >= n;
    case '<=':
      return hits <= n;
    case '>':
      return hits > n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}
