// Keras layer names as the language's names. Weights are matched by name, so the importer and
// the weight loader must agree on this mapping: both use these two functions.

/** A name the language accepts: letters, digits and underscores, not starting with a digit. */
export function sanitizeName(name: string): string {
  const clean = name.replace(/[^\p{L}\p{N}_]/gu, '_');
  return /^\p{N}/u.test(clean) || clean === '' ? `_${clean}` : clean;
}

/**
 * A wrapper's name cannot be a layer kind (`bidirectional bidirectional lstm 8` reads the
 * second word as the kind), so the importer appends '_'; the loader accepts both spellings.
 */
export function wrapperSafeName(name: string): string {
  return `${name}_`;
}

/** Whether a segment of a weight's name is this layer's Keras name. */
export function namesLayer(segment: string, layer: string): boolean {
  const clean = sanitizeName(segment);
  return clean === layer || wrapperSafeName(clean) === layer;
}
