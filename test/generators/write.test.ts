import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWritable, checkOut, writeOut } from '../../generators/write';

function tempOut(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'aqe-write-'));
  const out = join(root, 'out');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
  return out;
}

describe('writeOut', () => {
  it('creates out/ with exactly the generated files', () => {
    const out = tempOut();
    const changes = writeOut([{ path: 'a/b.txt', content: 'B' }, { path: 'c.txt', content: 'C' }], out);
    expect(changes.map((c) => `${c.reason} ${c.path}`)).toEqual(['missing a/b.txt', 'missing c.txt']);
    expect(readFileSync(join(out, 'a/b.txt'), 'utf8')).toBe('B');
    expect(readFileSync(join(out, 'c.txt'), 'utf8')).toBe('C');
  });

  it('removes files no generator produces any more', () => {
    const out = tempOut({ 'old/gone.txt': 'x', 'kept.txt': 'same' });
    writeOut([{ path: 'kept.txt', content: 'same' }], out);
    expect(existsSync(join(out, 'old/gone.txt'))).toBe(false);
    expect(readFileSync(join(out, 'kept.txt'), 'utf8')).toBe('same');
  });

  it('leaves no staging or backup directory next to out/', () => {
    const out = tempOut({ 'x.txt': '1' });
    writeOut([{ path: 'x.txt', content: '2' }], out);
    expect(readdirSync(dirname(out))).toEqual(['out']);
  });

  it('does nothing when out/ is already current', () => {
    const out = tempOut({ 'x.txt': '1' });
    expect(writeOut([{ path: 'x.txt', content: '1' }], out)).toEqual([]);
  });

  it('refuses two generators writing one path, before writing anything', () => {
    const out = tempOut({ 'x.txt': 'original' });
    expect(() => writeOut([{ path: 'y.txt', content: '1' }, { path: 'y.txt', content: '2' }], out)).toThrow(/two generators write out\/y\.txt/);
    expect(readdirSync(out)).toEqual(['x.txt']);
    expect(readFileSync(join(out, 'x.txt'), 'utf8')).toBe('original');
  });

  it('refuses a path that leaves out/', () => {
    expect(() => assertWritable([{ path: '../escape.txt', content: '' }])).toThrow(/not a plain relative path/);
  });
});

describe('checkOut', () => {
  it('lists missing, changed and orphaned files and writes nothing', () => {
    const out = tempOut({ 'same.txt': 's', 'changed.txt': 'old', 'orphan.txt': 'o' });
    const stale = checkOut(
      [
        { path: 'same.txt', content: 's' },
        { path: 'changed.txt', content: 'new' },
        { path: 'missing.txt', content: 'm' },
      ],
      out,
    );
    expect(stale).toEqual([
      { path: 'changed.txt', reason: 'changed' },
      { path: 'missing.txt', reason: 'missing' },
      { path: 'orphan.txt', reason: 'orphan' },
    ]);
    expect(readFileSync(join(out, 'changed.txt'), 'utf8')).toBe('old');
    expect(existsSync(join(out, 'missing.txt'))).toBe(false);
  });
});
