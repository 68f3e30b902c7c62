// The `gan` line ties two models of one file together: the model holding it is the
// discriminator (it has the real data and the loss), `generator=` names the other. Checked
// here, once every model is known: the generator exists, reads a noise vector of `latent`
// numbers, and makes samples of the shape the discriminator reads.

import { ModelInfo } from './analysis';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { message } from './localize';
import { formatShape, sameShape } from './shape';
import { closest } from './suggest';

export function checkGan(models: readonly ModelInfo[], diagnostics: Diagnostic[]): void {
  for (const discriminator of models) {
    const gan = discriminator.sections.gan;
    if (!gan) continue;
    const name = gan.args.get('generator');
    if (typeof name !== 'string') continue;
    const at = gan.statement.range;
    const generator = models.find((m) => m.name === name);
    if (!generator || generator === discriminator) {
      const others = models.filter((m) => m !== discriminator).map((m) => m.name);
      const guess = closest(name, others);
      diagnostics.push({
        severity: 'error',
        code: DiagnosticCodes.ganUnknownModel,
        range: at,
        message: generator
          ? message("The model '{0}' holds this gan line, so it is the discriminator: generator= must name another model of this file.", name)
          : guess
            ? message("There is no model '{0}' in this file. Did you mean '{1}'?", name, guess)
            : message("There is no model '{0}' in this file: add 'model {0}' with the generator's layers.", name),
      });
      continue;
    }
    const inputs = generator.layers.filter((l) => l.kind === 'input');
    const noise = inputs[0]?.result?.output;
    const latent = gan.args.get('latent');
    if (inputs.length !== 1 || !noise || noise.length !== 1) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.ganShapeMismatch, range: at, message: message("The generator '{0}' must have one input, a noise vector such as 'input z [4]'.", name) });
    } else if (typeof latent === 'number' && noise[0] !== latent) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.ganShapeMismatch, range: at, message: message("latent={0}, but the generator's input '{1}' reads {2} numbers: make them equal.", latent, inputs[0].name, String(noise[0])) });
    }
    const made = generator.output?.result?.output;
    const read = discriminator.layers.find((l) => l.kind === 'input')?.result?.output;
    if (made && read && !sameShape(made, read)) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.ganShapeMismatch, range: at, message: message("The generator '{0}' makes samples of shape {1}, but the discriminator reads {2}: make its last layer give {2}.", name, formatShape(made), formatShape(read)) });
    }
  }
}
