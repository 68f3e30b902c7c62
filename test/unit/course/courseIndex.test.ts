// Every sample the course map names is in samples/, where the extension ships it and the
// "Open Course Samples" command finds it. (Fails until every sample of the course is written.)

import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { courseSampleFiles } from '../../../src/core/course/courseMap';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

describe('course index', () => {
  it('every file the course map lists exists in samples/', () => {
    const missing = courseSampleFiles().filter((file) => !existsSync(join(SAMPLES, file)));
    assert.deepEqual(missing, [], `samples the course map names but samples/ lacks`);
  });
});
