// VS Code's Dark Modern and Light Modern colours for the CSS variables a webview receives and
// the panel's views read, for pages opened in headless Chromium.

export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b', '--vscode-focusBorder': '#0078d4', '--vscode-errorForeground': '#f85149',
      '--vscode-editorWidget-background': '#202020', '--vscode-textBlockQuote-background': '#2b2b2b', '--vscode-textPreformat-foreground': '#d0d0d0',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
      '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    variables: {
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8', '--vscode-errorForeground': '#f85149',
      '--vscode-editorWidget-background': '#f8f8f8', '--vscode-textBlockQuote-background': '#f8f8f8', '--vscode-textPreformat-foreground': '#3b3b3b',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
      '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace',
    },
  },
} as const;

export type ThemeName = keyof typeof THEMES;
