// Writes the course map where it is shown: the README's "Course map" table and the
// walkthrough's course page in both languages, all from src/core/course/courseMap.ts.
// Run: npx tsx scripts/course-map.ts   (test/unit/course/courseMap.test.ts checks they agree)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_COURSE_MAP_MARKERS, courseMapMarkdown, courseWalkthroughPage } from '../src/core/course/courseMap';

const root = join(__dirname, '..');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const [start, end] = README_COURSE_MAP_MARKERS;
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${courseMapMarkdown('en')}\n${readme.slice(to)}`);
writeFileSync(join(root, 'media', 'walkthrough', 'courseSamples.md'), courseWalkthroughPage('en'));
writeFileSync(join(root, 'media', 'walkthrough', 'courseSamples.nls.es.md'), courseWalkthroughPage('es'));
console.log('wrote README.md and media/walkthrough/courseSamples{,.nls.es}.md');
