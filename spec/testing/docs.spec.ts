// docs/testing.md runs as tests: its examples run, verbatim, in docs-examples.spec.ts.
import { join } from 'node:path';
import { describeGuideExamples } from '../helpers/docExamples';

describeGuideExamples('testing.md', join(__dirname, 'docs-examples.spec.ts'), 5);
