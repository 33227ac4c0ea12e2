import type { Model } from '../model-types';
import { header, type GeneratedFile } from '../generated-file';

/** Model -> out/schema.json: the resolved model, for tools and tests that are not TypeScript. */
export function generateSchemaJson(model: Model): GeneratedFile[] {
  const document = { $comment: header.json, ...model };
  return [{ path: 'schema.json', content: `${JSON.stringify(document, null, 2)}\n` }];
}
