/** What a generator returns: a path under out/ and its full content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

const NOTICE = 'Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.';

/** The "do not edit" header, in the comment syntax of each format that has comments. */
export const header = {
  typescript: `// ${NOTICE}\n`,
  yaml: `# ${NOTICE}\n`,
  markdown: `<!-- ${NOTICE} -->\n`,
  /** JSON has no comments; a `$comment` key is the JSON Schema convention. */
  json: NOTICE,
};
