// The expression language of the debug console, conditional breakpoints, logpoints and
// hovers: numbers, names, member access (`conv2.output`, `kernel.grad`), calls without
// arguments (`norm()`), NumPy-style indexing (`[0, :, :, 3]`, `[1:3]`), arithmetic,
// comparisons and `&&`/`||`/`!`. Parsing never throws: it returns an error message instead.

import { Message, message } from '../../core/lang/localize';

export type Expression =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'member'; readonly object: Expression; readonly name: string; readonly call: boolean }
  | { readonly type: 'index'; readonly object: Expression; readonly indices: readonly IndexPart[] }
  | { readonly type: 'unary'; readonly operator: '-' | '!'; readonly operand: Expression }
  | { readonly type: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression };

export type IndexPart = { readonly type: 'at'; readonly index: number } | { readonly type: 'slice'; readonly start?: number; readonly end?: number };

export type BinaryOperator = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type ParseOutcome = { readonly expression: Expression } | { readonly error: Message };

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|(==|!=|<=|>=|&&|\|\||[-+*/<>!().,[\]:]))/uy;

function tokenize(text: string): string[] | Message {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) {
      const column = position + (text.slice(position).length - text.slice(position).trimStart().length);
      return message("Unexpected '{0}' at column {1}.", text[column], column + 1);
    }
    tokens.push(match[1] ?? match[2] ?? match[3]);
    position = TOKEN.lastIndex;
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6 };

class ParseError extends Error {
  constructor(readonly detail: Message) {
    super(detail.template);
  }
}

export function parseExpression(text: string): ParseOutcome {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { error: tokens };
  if (tokens.length === 0) return { error: message('The expression is empty.') };
  let index = 0;
  const peek = () => tokens[index];
  const take = (expected?: string) => {
    const token = tokens[index];
    if (expected !== undefined && token !== expected) {
      throw new ParseError(token === undefined ? message("Expected '{0}' at the end.", expected) : message("Expected '{0}', found '{1}'.", expected, token));
    }
    index++;
    return token;
  };
  const isNumber = (token: string | undefined) => token !== undefined && /^[\d.]/.test(token);
  const isName = (token: string | undefined) => token !== undefined && /^[\p{L}_]/u.test(token);

  const primary = (): Expression => {
    const token = peek();
    if (token === '(') {
      take('(');
      const inner = binary(0);
      take(')');
      return inner;
    }
    if (isNumber(token)) return { type: 'number', value: Number(take()) };
    if (isName(token)) return { type: 'name', name: take() };
    throw new ParseError(token === undefined ? message('The expression ends too early.') : message("Unexpected '{0}'.", token));
  };

  const signedInt = (): number => {
    let sign = 1;
    if (peek() === '-') {
      take();
      sign = -1;
    }
    const token = take();
    if (!/^\d+$/.test(token ?? '')) throw new ParseError(message("An index must be a whole number, not '{0}'.", token ?? ''));
    return sign * Number(token);
  };

  const indexPart = (): IndexPart => {
    const start = peek() === ':' ? undefined : signedInt();
    if (peek() !== ':') {
      if (start === undefined) throw new ParseError(message('An index is empty.'));
      return { type: 'at', index: start };
    }
    take(':');
    const end = peek() === ',' || peek() === ']' ? undefined : signedInt();
    return { type: 'slice', start, end };
  };

  const postfix = (): Expression => {
    let expression = primary();
    for (;;) {
      if (peek() === '.') {
        take('.');
        const name = take();
        if (!isName(name)) throw new ParseError(message("Expected a name after '.', found '{0}'.", name ?? ''));
        const call = peek() === '(';
        if (call) {
          take('(');
          take(')');
        }
        expression = { type: 'member', object: expression, name, call };
      } else if (peek() === '[') {
        take('[');
        const indices: IndexPart[] = [indexPart()];
        while (peek() === ',') {
          take(',');
          indices.push(indexPart());
        }
        take(']');
        expression = { type: 'index', object: expression, indices };
      } else {
        return expression;
      }
    }
  };

  const unary = (): Expression => {
    const token = peek();
    if (token === '-' || token === '!') {
      take();
      return { type: 'unary', operator: token, operand: unary() };
    }
    return postfix();
  };

  const binary = (minimum: number): Expression => {
    let left = unary();
    for (;;) {
      const operator = peek();
      const precedence = operator === undefined ? undefined : PRECEDENCE[operator];
      if (precedence === undefined || precedence <= minimum) return left;
      take();
      left = { type: 'binary', operator: operator as BinaryOperator, left, right: binary(precedence) };
    }
  };

  try {
    const expression = binary(0);
    if (index < tokens.length) return { error: message("Unexpected '{0}'.", tokens[index]) };
    return { expression };
  } catch (error) {
    if (error instanceof ParseError) return { error: error.detail };
    throw error;
  }
}
