// Diagnostics: a stable code, a range, a plain message and, where one is likely, a fix.
// Codes never change meaning once published: tests, golden files and teachers' scripts key on them.

import { Message } from './localize';
import { Range } from './text';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: Message;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: Message;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
}

/** Every code the language reports; the README lists them with examples. */
export const DiagnosticCodes = {
  unexpectedCharacter: 'NL100',
  unclosedBracket: 'NL101',
  missingValue: 'NL102',
  badNumber: 'NL103',
  unterminatedString: 'NL104',
  unexpectedToken: 'NL105',
  unknownKind: 'NL200',
  duplicateName: 'NL201',
  unknownReference: 'NL202',
  noInput: 'NL203',
  emptyModel: 'NL204',
  duplicateModel: 'NL205',
  forwardReference: 'NL206',
  unknownPort: 'NL207',
  reservedName: 'NL208',
  unusedLayer: 'NL209',
  incompatibleShapes: 'NL300',
  wrongRank: 'NL301',
  nonPositiveSize: 'NL302',
  reshapeMismatch: 'NL303',
  inputCount: 'NL304',
  unknownDimension: 'NL305',
  literalShape: 'NL306',
  integerInputRequired: 'NL307',
  unknownArgument: 'NL400',
  missingArgument: 'NL401',
  wrongType: 'NL402',
  outOfRange: 'NL403',
  tooManyArguments: 'NL404',
  duplicateArgument: 'NL405',
  unknownChoice: 'NL406',
  unknownLoss: 'NL500',
  unknownOptimizer: 'NL501',
  unknownDataset: 'NL502',
  duplicateSection: 'NL503',
  lossOutputMismatch: 'NL504',
  dataShapeMismatch: 'NL505',
  missingTraining: 'NL506',
  unknownFeature: 'NL507',
  ganUnknownModel: 'NL508',
  ganShapeMismatch: 'NL509',
} as const;

export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];
