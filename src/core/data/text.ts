// Character-level language modelling on the opening of Don Quijote (Miguel de Cervantes,
// 1605; public domain), in Spanish as the course's students read it. Characters become ids
// in the sorted order of the text's alphabet; `labels` maps ids back to characters. Each
// example is a window of `length` characters from a random place; the target is the next
// character (at every position when the output keeps a position axis, as in sequences.ts).

import { message } from '../lang/localize';
import { DataError } from './dataError';
import { Examples, FamilyContext } from './family';
import { classTargets, hasPositionAxis } from './targets';
import { intTensor } from './tensors';

export const QUIJOTE = [
  'En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalgo de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor.',
  'Una olla de algo más vaca que carnero, salpicón las más noches, duelos y quebrantos los sábados, lentejas los viernes, algún palomino de añadidura los domingos, consumían las tres partes de su hacienda.',
  'El resto della concluían sayo de velarte, calzas de velludo para las fiestas, con sus pantuflos de lo mesmo, y los días de entresemana se honraba con su vellorí de lo más fino.',
  'Tenía en su casa una ama que pasaba de los cuarenta, y una sobrina que no llegaba a los veinte, y un mozo de campo y plaza, que así ensillaba el rocín como tomaba la podadera.',
  'Frisaba la edad de nuestro hidalgo con los cincuenta años; era de complexión recia, seco de carnes, enjuto de rostro, gran madrugador y amigo de la caza.',
  'Quieren decir que tenía el sobrenombre de Quijada, o Quesada, que en esto hay alguna diferencia en los autores que deste caso escriben; aunque, por conjeturas verosímiles, se deja entender que se llamaba Quejana.',
  'Pero esto importa poco a nuestro cuento; basta que en la narración dél no se salga un punto de la verdad.',
].join(' ');

/** The text's alphabet, sorted by code point so ids do not depend on the viewer's locale. */
export const QUIJOTE_ALPHABET: readonly string[] = [...new Set(QUIJOTE)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);

export function textExamples(context: FamilyContext): Examples {
  const samples = context.args.number('samples');
  const length = context.args.number('length');
  if (length + 1 > QUIJOTE.length) {
    throw new DataError('too-many-samples', message('length={0} is longer than the text ({1} characters): use a shorter length.', length, QUIJOTE.length - 1));
  }
  const idOf = new Map(QUIJOTE_ALPHABET.map((c, i) => [c, i]));
  const text = Int32Array.from(QUIJOTE, (c) => idOf.get(c)!);
  const perPosition = hasPositionAxis(context.model);
  const inputs = new Int32Array(samples * length);
  const ids = new Int32Array(samples * (perPosition ? length : 1));
  for (let n = 0; n < samples; n++) {
    const start = context.random.int(text.length - length);
    inputs.set(text.subarray(start, start + length), n * length);
    if (perPosition) ids.set(text.subarray(start + 1, start + length + 1), n * length);
    else ids[n] = text[start + length];
  }
  const classes = QUIJOTE_ALPHABET.length;
  return {
    inputs: [intTensor([samples, length], inputs)],
    targets: classTargets(ids, samples, { dataset: context.name, classes, idShape: perPosition ? [length] : [] }, context.model),
    task: 'sequence',
    classes,
    labels: QUIJOTE_ALPHABET,
  };
}
