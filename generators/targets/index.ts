import type { Model } from '../model-types';
import type { GeneratedFile } from '../generated-file';
import { generateInstrumentation } from './instrumentation';
import { generateMetricsDocs } from './metrics-docs';
import { generateSchemaJson } from './schema-json';

/** Every generator, each a pure function Model -> files. Add a target here. */
export const TARGETS: ReadonlyArray<{ readonly name: string; readonly generate: (model: Model) => GeneratedFile[] }> = [
  { name: 'schema-json', generate: generateSchemaJson },
  { name: 'metrics-docs', generate: generateMetricsDocs },
  { name: 'instrumentation', generate: generateInstrumentation },
];
