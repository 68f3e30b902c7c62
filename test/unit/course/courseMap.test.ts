// The course map is the one source of what the course's samples are: the README's table and the
// walkthrough's course page are generated from it, every sample in samples/ opens with the
// English/Spanish header (Try/Prueba), and the walkthrough names real files and commands.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COURSE, README_COURSE_MAP_MARKERS, courseMapMarkdown, courseSampleFiles, courseWalkthroughPage, findCourseSample } from '../../../src/core/course/courseMap';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLES = join(ROOT, 'samples');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');

/** The leading `#` lines of a file, without the `# `. */
function header(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#\s?/, ''));
  }
  return lines;
}

describe('course map', () => {
  it('numbers the topics 1…15 in order, each with samples and both languages filled', () => {
    assert.deepEqual(COURSE.map((t) => t.number), Array.from({ length: 15 }, (_, i) => i + 1));
    for (const topic of COURSE) {
      assert.ok(topic.samples.length > 0, `topic ${topic.number} has samples`);
      for (const text of [topic.title, ...topic.samples.map((s) => s.look)]) {
        assert.ok(text.en.trim() && text.es.trim(), `topic ${topic.number}: ${JSON.stringify(text)}`);
        // A one-word name (Autoencoders) may be the same in both; a sentence may not.
        if (/\s/.test(text.en)) assert.notEqual(text.en, text.es, `topic ${topic.number} has Spanish text: ${text.en}`);
      }
    }
  });

  it('names each sample once, as a flat .nn file name', () => {
    const files = courseSampleFiles();
    assert.equal(new Set(files).size, files.length, 'a sample is listed twice');
    for (const file of files) assert.match(file, /^[a-z0-9-]+\.nn$/);
    assert.equal(findCourseSample('xor.nn')?.topic.number, 2);
    assert.equal(findCourseSample('nope.nn'), undefined);
  });

  it('the README shows the course map generated from the index (npx tsx scripts/course-map.ts)', () => {
    const readme = read('README.md');
    const [start, end] = README_COURSE_MAP_MARKERS;
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    assert.ok(from >= 0 && to > from, 'README.md has the course-map markers');
    assert.equal(readme.slice(from + start.length, to).trim(), courseMapMarkdown('en'));
  });

  it("the walkthrough's course page is generated from the index, in English and Spanish", () => {
    assert.equal(read('media', 'walkthrough', 'courseSamples.md'), courseWalkthroughPage('en'));
    assert.equal(read('media', 'walkthrough', 'courseSamples.nls.es.md'), courseWalkthroughPage('es'));
    assert.match(courseWalkthroughPage('es'), /\| # \| Tema \| Ejemplo \| Qué mirar \|/);
  });

  it('every sample in samples/ opens with what it shows in English and Spanish, then Try and Prueba', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.nn'));
    assert.ok(files.length >= 8, `samples/ has ${files.length} samples`);
    const bad: string[] = [];
    for (const file of files) {
      const lines = header(read('samples', file));
      const tryAt = lines.findIndex((l) => l.startsWith('Try: '));
      const pruebaAt = lines.findIndex((l) => l.startsWith('Prueba: '));
      // English first, then Spanish (its first line has a Spanish word or accent), then Try, then Prueba.
      const spanishAt = lines.findIndex((l, i) => i > 0 && i < tryAt && /[áéíóúñ¿¡]|\b(una?|el|la|los|las|que|con|del|es)\b/.test(l) && !/^\s/.test(l));
      if (lines.length < 4) bad.push(`${file}: no header`);
      else if (tryAt < 0) bad.push(`${file}: no "# Try:" line`);
      else if (pruebaAt < 0) bad.push(`${file}: no "# Prueba:" line`);
      else if (pruebaAt < tryAt) bad.push(`${file}: "# Prueba:" comes before "# Try:"`);
      else if (spanishAt <= 0) bad.push(`${file}: no Spanish description between the English one and "# Try:"`);
    }
    assert.deepEqual(bad, []);
  });

  it('the walkthrough: every step has media in English and Spanish, and links only to NetLens commands it registers', () => {
    const manifest = JSON.parse(read('package.json'));
    const nls = JSON.parse(read('package.nls.json'));
    const nlsEs = JSON.parse(read('package.nls.es.json'));
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(nls[walkthrough.title.replace(/%/g, '')], 'Get started with NetLens');
    assert.equal(nlsEs[walkthrough.title.replace(/%/g, '')], 'Primeros pasos con NetLens');
    const registered = new Set([...read('src', 'extension', 'extension.ts').matchAll(/registerCommand\(\s*[`'"]([^`'"]+)/g), ...read('src', 'extension', 'courseSamples.ts').matchAll(/registerCommand\(\s*'([^']+)'/g), ...read('src', 'extension', 'debugging.ts').matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]));
    for (const command of ['train', 'pause', 'step']) registered.add(`netlens.${command}`); // registered from PANEL_COMMANDS
    for (const step of walkthrough.steps) {
      const media = step.media.markdown as string;
      assert.ok(existsSync(join(ROOT, media)), media);
      assert.ok(existsSync(join(ROOT, media.replace(/\.md$/, '.nls.es.md'))), `${media} has a Spanish twin (.nls.es.md, as VS Code looks it up)`);
      for (const table of [nls, nlsEs]) {
        const description: string = table[step.description.replace(/%/g, '')];
        const links = [...description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
        assert.ok(links.length > 0, `${step.id} links to a command`);
        for (const link of links) assert.ok(registered.has(link), `${step.id} links to ${link}, which NetLens registers`);
        for (const event of step.completionEvents as string[]) {
          const command = event.match(/^onCommand:(.+)$/)?.[1];
          if (command) assert.ok(registered.has(command), `${step.id} completes on ${command}, which NetLens registers`);
        }
      }
    }
    // The last step opens the course samples, so reaching it ticks on that command.
    assert.deepEqual(walkthrough.steps.at(-1).completionEvents, ['onCommand:netlens.openCourseSamples']);
  });
});
