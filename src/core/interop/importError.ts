// The one error an import or export raises: a localisable message that names the layer at
// fault, so the CLI and the extension can show it as is. Nothing is written when it is thrown.

import { Message, fillTemplate } from '../lang/localize';

export class InteropError extends Error {
  constructor(readonly detail: Message) {
    super(fillTemplate(detail.template, detail.args));
  }
}
