// The parser: tokens -> syntax tree, never throwing. Each line is one statement; an error
// inside a statement skips one token and goes on, so one typo never hides the next.
//
//   statement := WORD item*
//   item      := value | WORD '=' value | 'from' ref (','? ref)*
//   ref       := WORD ('.' WORD)?
//   value     := NUMBER | WORD | STRING | list
//   list      := ('[' | '(') (value (',' value)* ','?)? (']' | ')')

import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { message } from './localize';
import { ScanResult, Token, scan, tokenRange } from './scanner';
import { Identifier, ModelBlock, OptionNode, Reference, Statement, SyntaxTree, ValueNode } from './syntaxTree';
import { Range, spanning } from './text';

export interface ParseResult {
  readonly tree: SyntaxTree;
  readonly diagnostics: Diagnostic[];
}

const MAX_LIST_DEPTH = 64;

export function parse(text: string): ParseResult {
  return new Parser(scan(text)).parseFile();
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly scanned: ScanResult) {
    this.tokens = scanned.tokens;
  }

  parseFile(): ParseResult {
    const models: ModelBlock[] = [];
    let current: { header?: Statement; statements: Statement[] } = { statements: [] };
    const closeBlock = () => {
      if (!current.header && current.statements.length === 0) return;
      const first = current.header ?? current.statements[0];
      const last = current.statements[current.statements.length - 1] ?? first;
      const nameValue = current.header?.positional[0];
      const name: Identifier | undefined =
        nameValue?.type === 'word' ? { text: nameValue.value, range: nameValue.range } : undefined;
      models.push({ header: current.header, name, statements: current.statements, range: spanning(first.range, last.range) });
    };
    while (this.peek().kind !== 'eof') {
      const statement = this.parseLine();
      if (!statement) continue;
      if (statement.head.text === 'model') {
        closeBlock();
        current = { header: statement, statements: [] };
      } else {
        current.statements.push(statement);
      }
    }
    closeBlock();
    return {
      tree: { models, lineCount: this.scanned.lineCount, comments: this.scanned.comments },
      diagnostics: this.diagnostics,
    };
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private atLineEnd(): boolean {
    const kind = this.peek().kind;
    return kind === 'newline' || kind === 'eof';
  }

  private parseLine(): Statement | undefined {
    while (this.peek().kind === 'newline') this.next();
    if (this.peek().kind === 'eof') return undefined;
    const first = this.peek();
    if (first.kind !== 'word') {
      this.reportToken(first);
      this.next();
      this.skipLine();
      return undefined;
    }
    this.next();
    const headRange = tokenRange(first);
    const head: Identifier = { text: first.text, range: headRange };
    const positional: ValueNode[] = [];
    const options: OptionNode[] = [];
    let from: Statement['from'];
    let lastRange: Range = headRange;
    while (!this.atLineEnd()) {
      const token = this.peek();
      if (token.kind === 'word' && token.text === 'from') {
        this.next();
        from = { keyword: tokenRange(token), refs: this.parseReferences() };
        lastRange = from.refs.length ? from.refs[from.refs.length - 1].range : tokenRange(token);
        continue;
      }
      if (token.kind === 'word' && this.peek(1).kind === '=') {
        this.next();
        const equals = this.next();
        const value = this.atLineEnd() || this.peek().kind === ',' ? this.missingValue(tokenRange(equals)) : this.parseValue(0);
        const key: Identifier = { text: token.text, range: tokenRange(token) };
        options.push({ key, value, range: spanning(tokenRange(token), value.range) });
        lastRange = value.range;
        continue;
      }
      if (isValueStart(token)) {
        const value = this.parseValue(0);
        positional.push(value);
        lastRange = value.range;
        continue;
      }
      this.reportToken(token);
      this.next();
    }
    return { head, positional, options, from, range: spanning(headRange, lastRange) };
  }

  private parseReferences(): Reference[] {
    const refs: Reference[] = [];
    while (!this.atLineEnd()) {
      const token = this.peek();
      if (token.kind === ',') {
        this.next();
        continue;
      }
      if (token.kind !== 'word' || this.peek(1).kind === '=') break;
      this.next();
      const name: Identifier = { text: token.text, range: tokenRange(token) };
      if (this.peek().kind === '.' && this.peek(1).kind === 'word') {
        this.next();
        const portToken = this.next();
        const port: Identifier = { text: portToken.text, range: tokenRange(portToken) };
        refs.push({ name, port, range: spanning(tokenRange(token), tokenRange(portToken)) });
      } else {
        refs.push({ name, range: tokenRange(token) });
      }
    }
    return refs;
  }

  private parseValue(depth: number): ValueNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { type: 'number', value: Number(token.text), text: token.text, range: tokenRange(token) };
      case 'word':
        this.next();
        return { type: 'word', value: token.text, range: tokenRange(token) };
      case 'string':
        this.next();
        if (token.problem === 'unterminatedString') {
          this.report(DiagnosticCodes.unterminatedString, tokenRange(token), message('This text has no closing quote.'));
        }
        return { type: 'string', value: token.text.slice(1, token.problem ? undefined : -1), range: tokenRange(token) };
      case '[':
      case '(':
        return this.parseList(depth);
      default:
        this.reportToken(token);
        this.next();
        return { type: 'missing', range: tokenRange(token) };
    }
  }

  private parseList(depth: number): ValueNode {
    const open = this.next();
    const close = open.kind === '[' ? ']' : ')';
    const items: ValueNode[] = [];
    if (depth > MAX_LIST_DEPTH) {
      this.report(DiagnosticCodes.unexpectedToken, tokenRange(open), message('Lists nest more than {0} levels deep.', MAX_LIST_DEPTH));
      return this.skipNestedList(open);
    }
    while (true) {
      const token = this.peek();
      if (token.kind === close) {
        this.next();
        return { type: 'list', items, range: spanning(tokenRange(open), tokenRange(token)) };
      }
      if (token.kind === 'newline' || token.kind === 'eof') {
        this.report(
          DiagnosticCodes.unclosedBracket,
          tokenRange(open),
          message("This '{0}' is never closed: add '{1}' at the end of the list.", open.text, close),
        );
        const end = items.length ? items[items.length - 1].range : tokenRange(open);
        return { type: 'list', items, range: spanning(tokenRange(open), end) };
      }
      if (token.kind === ',') {
        this.next();
        continue;
      }
      if (isValueStart(token)) {
        items.push(this.parseValue(depth + 1));
        continue;
      }
      this.reportToken(token);
      this.next();
    }
  }

  /** Skips the rest of a too-deep literal without recursion, so no input can overflow the stack. */
  private skipNestedList(open: Token): ValueNode {
    let depth = 1;
    let last = open;
    while (depth > 0 && !this.atLineEnd()) {
      last = this.next();
      if (last.kind === '[' || last.kind === '(') depth++;
      else if (last.kind === ']' || last.kind === ')') depth--;
    }
    return { type: 'missing', range: spanning(tokenRange(open), tokenRange(last)) };
  }

  private missingValue(after: Range): ValueNode {
    const at: Range = { start: after.end, end: after.end };
    this.report(DiagnosticCodes.missingValue, after, message("Write a value after '=', for example 'key=1'."));
    return { type: 'missing', range: at };
  }

  private skipLine(): void {
    while (!this.atLineEnd()) {
      const token = this.next();
      if (token.kind === 'invalid') this.reportToken(token);
    }
  }

  private reportToken(token: Token): void {
    if (token.kind === 'invalid' && token.problem === 'badNumber') {
      this.report(DiagnosticCodes.badNumber, tokenRange(token), message("'{0}' is not a number.", token.text));
    } else if (token.kind === 'invalid') {
      this.report(DiagnosticCodes.unexpectedCharacter, tokenRange(token), message("The character '{0}' is not allowed here.", token.text));
    } else {
      this.report(DiagnosticCodes.unexpectedToken, tokenRange(token), message("Unexpected '{0}'.", token.text));
    }
  }

  private report(code: Diagnostic['code'], at: Range, m: ReturnType<typeof message>): void {
    this.diagnostics.push({ severity: 'error', code, message: m, range: at });
  }
}

function isValueStart(token: Token): boolean {
  return (
    token.kind === 'number' || token.kind === 'word' || token.kind === 'string' || token.kind === '[' || token.kind === '('
  );
}
