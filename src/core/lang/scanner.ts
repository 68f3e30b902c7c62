// The scanner: model file text -> tokens with ranges, in one linear pass.
// Newlines end statements except inside brackets, so a literal 6×6 image may span lines;
// a line that cannot continue a literal (it starts with a word) closes it, so one missing
// `]` never swallows the rest of the file.

import { Range, range } from './text';

export type TokenKind =
  | 'word'
  | 'number'
  | 'string'
  | '['
  | ']'
  | '('
  | ')'
  | ','
  | '='
  | '.'
  | 'newline'
  | 'invalid'
  | 'eof';

/** Flat fields rather than a Range object: a 10 MB file has over a million tokens. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Set on a string token whose closing quote is missing, on an invalid token's reason. */
  readonly problem?: 'unterminatedString' | 'badNumber' | 'badCharacter';
}

export function tokenRange(token: Token): Range {
  return range(token.line, token.start, token.line, token.end);
}

export interface ScanResult {
  readonly tokens: Token[];
  readonly lineCount: number;
  /** Comment text per line, for the header shown on hover and in the outline. */
  readonly comments: Map<number, string>;
}

const CODE_0 = 48;
const CODE_9 = 57;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

const LETTER = /\p{L}/u;

function isWordStart(code: number): boolean {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) return true;
  return code > 127 && LETTER.test(String.fromCharCode(code));
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code);
}

export function scan(text: string): ScanResult {
  const tokens: Token[] = [];
  const comments = new Map<number, string>();
  let line = 0;
  let lineStart = 0;
  let i = 0;
  let bracketDepth = 0;
  const n = text.length;

  const push = (kind: TokenKind, start: number, end: number, problem?: Token['problem']) => {
    tokens.push({ kind, text: text.slice(start, end), line, start: start - lineStart, end: end - lineStart, problem });
  };

  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      const start = i;
      i += code === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      if (bracketDepth === 0 || !continuesLiteral(text, i)) {
        bracketDepth = 0;
        tokens.push({ kind: 'newline', text: '\n', line, start: start - lineStart, end: start - lineStart });
      }
      line++;
      lineStart = i;
      continue;
    }
    if (code === 32 || code === 9 || code === 0xfeff) {
      i++;
      continue;
    }
    if (code === 35) {
      const start = i;
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      comments.set(line, text.slice(start + 1, i).trim());
      continue;
    }
    if (isWordStart(code)) {
      const start = i;
      i++;
      while (i < n && isWordPart(text.charCodeAt(i))) i++;
      push('word', start, i);
      continue;
    }
    const ch = text[i];
    if (isDigit(code) || ((ch === '-' || ch === '+' || ch === '.') && isNumberAhead(text, i))) {
      const start = i;
      i = scanNumber(text, i);
      const bad = i < n && isWordPart(text.charCodeAt(i));
      while (i < n && isWordPart(text.charCodeAt(i))) i++;
      push(bad ? 'invalid' : 'number', start, i, bad ? 'badNumber' : undefined);
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      i++;
      while (i < n && text[i] !== ch && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      const closed = i < n && text[i] === ch;
      if (closed) i++;
      push('string', start, i, closed ? undefined : 'unterminatedString');
      continue;
    }
    if (ch === '[' || ch === '(') bracketDepth++;
    if ((ch === ']' || ch === ')') && bracketDepth > 0) bracketDepth--;
    if (ch === '[' || ch === ']' || ch === '(' || ch === ')' || ch === ',' || ch === '=' || ch === '.') {
      push(ch, i, i + 1);
      i++;
      continue;
    }
    push('invalid', i, i + 1, 'badCharacter');
    i++;
  }
  tokens.push({ kind: 'newline', text: '\n', line, start: i - lineStart, end: i - lineStart });
  tokens.push({ kind: 'eof', text: '', line, start: i - lineStart, end: i - lineStart });
  return { tokens, lineCount: line + 1, comments };
}

function isNumberAhead(text: string, i: number): boolean {
  let j = i;
  if (text[j] === '-' || text[j] === '+') j++;
  if (text[j] === '.') j++;
  return j < text.length && isDigit(text.charCodeAt(j));
}

function scanNumber(text: string, i: number): number {
  if (text[i] === '-' || text[i] === '+') i++;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.') {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    const mark = i;
    i++;
    if (text[i] === '-' || text[i] === '+') i++;
    if (!isDigit(text.charCodeAt(i))) return mark;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** Inside brackets a new line continues the literal only if it starts like literal content. */
function continuesLiteral(text: string, i: number): boolean {
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r' || ch === '#') return true;
    return isDigit(text.charCodeAt(i)) || '-+.[](),'.includes(ch);
  }
  return false;
}
