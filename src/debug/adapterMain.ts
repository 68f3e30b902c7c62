// The debug adapter as its own process, speaking DAP over stdin/stdout: for tests, for other
// editors, and for VS Code when it is not run inline (`node dist/debugAdapter.js`).

import { nodeFiles, NetLensDebugSession } from './session';

/** DebugSession.run constructs the session itself, without arguments: files come from disk. */
class StandaloneSession extends NetLensDebugSession {
  constructor() {
    super(nodeFiles);
  }
}

NetLensDebugSession.run(StandaloneSession);
