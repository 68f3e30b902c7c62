// Colours from the VS Code theme (CSS variables the webview receives) and the colour maps
// of heatmaps: diverging blue–white–red around 0, sequential for probabilities.

export function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export interface ThemeColors {
  readonly foreground: string;
  readonly muted: string;
  readonly border: string;
  readonly background: string;
  readonly accent: string;
  readonly error: string;
}

export function themeColors(): ThemeColors {
  return {
    foreground: cssVariable('--vscode-foreground', '#cccccc'),
    muted: cssVariable('--vscode-descriptionForeground', '#999999'),
    border: cssVariable('--vscode-panel-border', '#444444'),
    background: cssVariable('--vscode-editor-background', '#1e1e1e'),
    accent: cssVariable('--vscode-focusBorder', '#3794ff'),
    error: cssVariable('--vscode-errorForeground', '#f48771'),
  };
}

export function isDarkTheme(): boolean {
  return !document.body.classList.contains('vscode-light') && !document.body.classList.contains('vscode-high-contrast-light');
}

/** Diverging map for t in [−1, 1]: blue (negative), neutral, red (positive). */
export function diverging(t: number, dark = isDarkTheme()): [number, number, number] {
  const x = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const neutral = dark ? [40, 40, 40] : [245, 245, 245];
  const end = x < 0 ? [59, 130, 246] : [239, 68, 68];
  const a = Math.abs(x);
  return [0, 1, 2].map((i) => Math.round(neutral[i] + (end[i] - neutral[i]) * a)) as [number, number, number];
}

/** Sequential map for t in [0, 1] (probabilities, attention weights). */
export function sequential(t: number, dark = isDarkTheme()): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const low = dark ? [30, 30, 30] : [250, 250, 250];
  const high = [250, 170, 40];
  return [0, 1, 2].map((i) => Math.round(low[i] + (high[i] - low[i]) * x)) as [number, number, number];
}

/**
 * Gradient-norm health on a log scale: blue where gradients vanish (‖g‖ ≤ 1e−4), green around
 * 0.1, red where they explode (‖g‖ ≥ 100); a non-finite norm is red too.
 */
export function gradientColor(norm: number | undefined): string {
  if (norm === undefined) return 'transparent';
  if (!Number.isFinite(norm)) return 'hsl(0, 75%, 45%)';
  const log = Math.max(-4, Math.min(2, Math.log10(Math.max(norm, 1e-30))));
  const hue = log <= -1 ? 220 - (100 * (log + 4)) / 3 : 120 - (120 * (log + 1)) / 3;
  return `hsl(${Math.round(hue)}, 70%, 45%)`;
}
