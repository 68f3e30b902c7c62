// The NetLens debug adapter: Debug Adapter Protocol over NetLensRuntime. Each handler converts
// the request, makes one runtime call and responds; lines are 0-based inside, as the core's.
// Runs inline in the extension host, as a process (adapterMain.ts) or under a DAP test client.

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Breakpoint, InitializedEvent, LoggingDebugSession, OutputEvent, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Localize, LocaleTag, render } from '../core/lang/localize';
import { cliLocalize, pickLocale } from '../cli/l10n';
import { ModelProblem } from '../cli/engineRun';
import { UsageError } from '../cli/io';
import { BREAKPOINT_MODES, FILTERS } from './breakpoints';
import { evaluate } from './evaluate';
import { formatNumber, formatValue } from './format';
import { FileAccessor, LaunchOptions, NetLensRuntime } from './runtime';
import { VariableStore } from './variables';
import { readTensors } from '../core/engine/records';

export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments, LaunchOptions {
  /** 'en' or 'es'; the extension passes VS Code's display language. */
  readonly locale?: string;
}

const THREAD_ID = 1;

/** Files from disk; data assets next to the running bundle (dist/). */
export const nodeFiles: FileAccessor = {
  readFile: (path) => readFile(path, 'utf8'),
  loadAsset: async (name) => new Uint8Array(await readFile(join(__dirname, name))),
};

export class NetLensDebugSession extends LoggingDebugSession {
  private locale: LocaleTag = 'en';
  private localize: Localize = cliLocalize('en');
  private readonly runtime: NetLensRuntime;
  private readonly variables = new VariableStore(() => this.localize);
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));

  constructor(files: FileAccessor = nodeFiles) {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
    this.runtime = new NetLensRuntime(files, this.localize);
    this.runtime.on('stopped', (info) => {
      this.variables.reset();
      const event = new StoppedEvent(info.reason, THREAD_ID, info.text) as DebugProtocol.StoppedEvent;
      if (info.breakpointIds) event.body.hitBreakpointIds = info.breakpointIds;
      if (info.text) event.body.description = info.text;
      this.sendEvent(event);
    });
    this.runtime.on('output', (text, line) => {
      const event = new OutputEvent(text, 'console') as DebugProtocol.OutputEvent;
      if (line !== undefined && this.runtime.isStarted) {
        event.body.source = this.source();
        event.body.line = this.convertDebuggerLineToClient(line);
      }
      this.sendEvent(event);
    });
    this.runtime.on('end', () => this.sendEvent(new TerminatedEvent()));
  }

  private setLocale(requested: string | undefined): void {
    this.locale = pickLocale(requested);
    this.localize = cliLocalize(this.locale);
    this.runtime.localize = this.localize;
    this.runtime.locale = this.locale;
  }

  private t(template: string, ...args: (string | number)[]): string {
    return render(this.localize, { template, args });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.setLocale(args.locale);
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      supportsClipboardContext: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: FILTERS.map((f) => ({ filter: f.id, label: render(this.localize, f.label), description: render(this.localize, f.description), default: f.id === 'nan', supportsCondition: f.threshold !== undefined, conditionDescription: f.threshold !== undefined ? this.t('Threshold, for example {0}', f.threshold) : undefined })),
      breakpointModes: BREAKPOINT_MODES.map((m) => ({ mode: m.mode, label: render(this.localize, m.label), description: render(this.localize, m.description), appliesTo: ['source'] })),
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse, args: DebugProtocol.ConfigurationDoneArguments): void {
    super.configurationDoneRequest(response, args);
    this.configured();
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    if (args.locale) this.setLocale(args.locale);
    this.runtime.modelName = args.model;
    // Breakpoints and filters arrive between 'initialized' and configurationDone.
    await Promise.race([this.configurationDone, new Promise((r) => setTimeout(r, 2000))]);
    try {
      await this.runtime.start(args);
      this.sendResponse(response);
    } catch (error) {
      // A model problem or bad launch option is already said in the user's language; anything
      // else (a file system or tfjs failure, possibly English) gets a sentence around it.
      const where = error instanceof ModelProblem && error.line !== undefined ? `${basename(args.program)}:${error.line + 1}: ` : '';
      const text = error instanceof ModelProblem ? error.message
        : error instanceof UsageError ? render(this.localize, error.detail)
        : this.t('The NetLens debug session could not start: {0}. Check the program path in launch.json and try again.', error instanceof Error ? error.message : String(error));
      this.sendErrorResponse(response, 3, `${where}${text}`);
    }
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    const specs = (args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }))).map((b) => ({ ...b, line: this.convertClientLineToDebugger(b.line) }));
    const placed = await this.runtime.setBreakpoints(args.source.path ?? '', specs);
    response.body = {
      breakpoints: placed.map((b) => {
        const bp = new Breakpoint(b.verified, this.convertDebuggerLineToClient(b.line)) as DebugProtocol.Breakpoint;
        bp.id = b.id;
        if (b.problem) bp.message = render(this.localize, b.problem);
        return bp;
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const filters: DebugProtocol.ExceptionFilterOptions[] = args.filterOptions ?? args.filters.map((id) => ({ filterId: id }));
    const problems = this.runtime.breakpoints.setFilters(filters.map((f) => ({ id: f.filterId, condition: f.condition })));
    problems.forEach((p) => this.sendEvent(new OutputEvent(render(this.localize, p) + '\n', 'stderr')));
    response.body = { breakpoints: filters.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const last = this.runtime.lastException;
    const label = FILTERS.find((f) => f.id === last?.filter)?.label;
    response.body = { exceptionId: last?.filter ?? '', description: last?.text, breakMode: 'always', details: { message: last?.text, typeName: label ? render(this.localize, label) : undefined } };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.t('training'))] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const frames = this.runtime.isStarted ? this.runtime.frames() : [];
    response.body = { stackFrames: frames.map((f, i) => new StackFrame(i, f.name, this.source(), this.convertDebuggerLineToClient(f.line))), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = { scopes: this.variables.scopes(this.runtime.context()) };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    const variables = await this.runtime.serial(() => this.variables.variables(this.runtime.context(), args.variablesReference, args.start, args.count));
    response.body = { variables };
    this.sendResponse(response);
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    if (!this.runtime.isStarted) return this.sendErrorResponse(response, 1, this.t('Nothing to evaluate: the model is not running.'));
    const body = await this.runtime.serial(async () => {
      const context = this.runtime.context();
      const outcome = await evaluate(args.expression, context.scope());
      if ('error' in outcome) return { error: render(this.localize, outcome.error) };
      const value = outcome.value;
      if (value.kind === 'tensor') {
        if (args.context === 'clipboard') return { result: JSON.stringify(await value.tensor.array()), variablesReference: 0 };
        const view = (await readTensors({ t: value.tensor }, { values: true, limit: 6 })).t;
        const variable = this.variables.tensorVariable(args.expression, args.expression, value.tensor, view);
        return { result: variable.value, type: variable.type, variablesReference: variable.variablesReference, indexedVariables: variable.indexedVariables };
      }
      if (value.kind === 'layer') {
        const layer = context.layer(value.layer)!;
        const output = context.tensorsOf(value.layer, 'forward').output;
        const summary = output ? ` → ${await formatValue({ kind: 'tensor', tensor: output }, this.localize)}` : '';
        return { result: `${value.layer} (${layer.kind})${summary}`, variablesReference: this.variables.layerVariable(value.layer) };
      }
      return { result: value.kind === 'number' ? (args.context === 'clipboard' ? String(value.value) : formatNumber(value.value)) : String(value.value), variablesReference: 0 };
    });
    if ('error' in body) return this.sendErrorResponse(response, 2, body.error ?? '');
    response.body = body;
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.sendResponse(response);
    void this.runtime.continue();
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    void this.runtime.next();
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    void this.runtime.stepIn();
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    void this.runtime.stepOut();
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    void this.runtime.stepBack();
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    void this.runtime.reverseContinue();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime.pause();
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime.pause();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    this.runtime.pause();
    await this.runtime.serial(async () => this.runtime.dispose());
    this.sendResponse(response);
  }

  /** netlensMemory: live tfjs tensors (leak checks); netlensInlineValues: text for each layer line. */
  protected override async customRequest(command: string, response: DebugProtocol.Response): Promise<void> {
    if (command === 'netlensMemory') {
      response.body = { numTensors: await this.runtime.serial(async () => this.runtime.memory()) };
    } else if (command === 'netlensInlineValues') {
      const values = this.runtime.isStarted ? await this.runtime.serial(() => this.runtime.context().inlineValues()) : [];
      response.body = { values };
    } else {
      return super.customRequest(command, response, undefined);
    }
    this.sendResponse(response);
  }

  private source(): Source {
    return new Source(basename(this.runtime.sourcePath), this.convertDebuggerPathToClient(this.runtime.sourcePath));
  }
}
