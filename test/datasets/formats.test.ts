import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../src-main/datasets/csv-reader.js';
import { exportDataset } from '../../src-main/datasets/exporter.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { invalidUtf8At } from '../../src-main/datasets/line-reader.js';
import { LabelCellError, loneSurrogateAt, parseLabelCell, replaceLoneSurrogates } from '../../src-main/datasets/records.js';
import { Store } from '../../src-main/store/store.js';
import { textHash } from '../../src-main/store/text-hash.js';
import { FIXTURES, ROOT, tmpDir } from '../helpers/tmp.js';

const GOOD = path.join(FIXTURES, 'good');
const BAD = path.join(FIXTURES, 'bad');

function freshStore(): Store {
  return Store.open(path.join(tmpDir(), 'ws.db'));
}

function postsOf(store: Store, dataset: string) {
  const d = store.datasets.get(dataset)!;
  return [...store.posts.iterateLabelled(d.id)].map(({ externalId, text, labels }) => ({ id: externalId, text, labels: [...labels].sort() }));
}

describe('CSV delimiters', () => {
  it('tells the delimiter from the header, and from consistent field counts when the header allows several', () => {
    expect(detectDelimiter(['id,text,labels', '1,a;b,c'])).toEqual({ delimiter: 'comma' });
    expect(detectDelimiter(['id;text;labels', '1;Bonjour, Léa;x'])).toEqual({ delimiter: 'semicolon' });
    expect(detectDelimiter(['id\ttext\tlabels', '1\ta, b; c\t'])).toEqual({ delimiter: 'tab' });
    expect(detectDelimiter(['id|text|labels', '1|"a | b"|x'])).toEqual({ delimiter: 'pipe' });
    expect(detectDelimiter(['text'])).toEqual({ delimiter: 'comma' });
    // "a,b" in the header's names: only ";" splits every line alike.
    expect(detectDelimiter(['id;"name,first";labels', '1;x,y,z;a', '2;p;q'])).toEqual({ delimiter: 'semicolon' });
    expect(detectDelimiter(['id;text,labels', '1;x,y'])).toEqual({ ambiguous: ['comma', 'semicolon'] });
    // A quoted field over two lines is one record.
    expect(detectDelimiter(['id;text', '1;"two', 'lines, here"', '2;b'])).toEqual({ delimiter: 'semicolon' });
  });

  it('imports semicolon (spreadsheet export with BOM and CRLF), tab and pipe files', async () => {
    const store = freshStore();
    const s = await importFile(store, path.join(GOOD, 'semicolon.csv'), { dataset: 's' });
    expect(s.posts).toBe(4);
    expect(postsOf(store, 's')).toEqual([
      { id: '1', text: "Bonjour, je m'appelle Léa, 34 ans", labels: ['age', 'name'] },
      { id: '2', text: 'Rien de personnel', labels: [] },
      { id: '3', text: 'Appelez-moi au 06.12.34.56.78; merci', labels: ['contact', 'name'] },
      { id: '4', text: 'Prix : 1 200,50 €', labels: [] },
    ]);
    await importFile(store, path.join(GOOD, 'tab.tsv'), { dataset: 't', idColumn: 'post_id' });
    expect(postsOf(store, 't')).toEqual([
      { id: '10', text: 'Hi, I am Tom; 40 years old', labels: ['age', 'name'] },
      { id: '11', text: 'Nothing to see', labels: [] },
    ]);
    await importFile(store, path.join(GOOD, 'pipe.csv'), { dataset: 'p' });
    expect(postsOf(store, 'p')).toEqual([
      { id: '20', text: 'Call me, maybe; or not', labels: ['contact', 'name'] },
      { id: '21', text: 'Pipes | inside quotes', labels: [] },
    ]);
    store.close();
  });

  it('uses a forced delimiter, and says which delimiter it split on when field counts differ', async () => {
    const store = freshStore();
    const forced = await importFile(store, path.join(BAD, 'ambiguous-delimiter.csv'), { dataset: 'f', delimiter: 'comma', textColumn: 'id;text' });
    expect(forced.posts).toBe(2);
    expect(postsOf(store, 'f')[0]).toEqual({ id: 'sha256:' + textHash('1;hello').slice(0, 16), text: '1;hello', labels: ['name'] });
    await expect(importFile(store, path.join(GOOD, 'semicolon.csv'), { dataset: 'g', delimiter: 'comma' })).rejects.toThrow(
      /semicolon\.csv:2: malformed CSV: invalid record length.*\(fields separated by ","\)/,
    );
    await expect(importFile(store, path.join(BAD, 'inconsistent-columns.csv'), { dataset: 'h' })).rejects.toThrow(
      /inconsistent-columns\.csv:3: malformed CSV: invalid record length.*\(fields separated by ","\)/,
    );
    expect(store.datasets.get('g')).toBeUndefined();
    store.close();
  });
});

describe('label cells', () => {
  it('reads JSON arrays, Python list literals with escapes, separated names, and the ways of writing none', () => {
    expect(parseLabelCell('["a", "b"]')).toEqual(['a', 'b']);
    expect(parseLabelCell("['a', \"b\"]")).toEqual(['a', 'b']);
    expect(parseLabelCell("['it\\'s', \"say \\\"hi\\\"\", 'tab\\there', 'caf\\xe9', 'snow\\u2603',]")).toEqual([
      "it's",
      'say "hi"',
      'tab\there',
      'café',
      'snow☃',
    ]);
    expect(parseLabelCell('["a", None, null, "b"]')).toEqual(['a', 'b']);
    expect(parseLabelCell('[ ]')).toEqual([]);
    expect(parseLabelCell('a;b')).toEqual(['a', 'b']);
    expect(parseLabelCell(' a | b |')).toEqual(['a', 'b']);
    expect(parseLabelCell('a,b', ',')).toEqual(['a', 'b']);
    expect(parseLabelCell('a,b')).toEqual(['a,b']);
    for (const none of ['', '  ', '[]', 'null', 'NULL', 'None', 'NaN', 'nan', 'N/A']) expect(parseLabelCell(none), none).toEqual([]);
  });

  it('refuses what can be read more than one way', () => {
    const refused: [string, RegExp][] = [
      ['["a", "b"', /unbalanced brackets/],
      ['a]', /unbalanced brackets/],
      ['[a, b]', /list item "a" is not a quoted string/],
      ['[["a"]]', /nested brackets/],
      ["['a\", 'b']", /expected "," or "\]"|not closed/],
      ["['a'  'b']", /expected "," or "\]" at character/],
      ["'a';'b'", /quoted names outside a list/],
      ['a;b|c', /both ";" and "\|"/],
      ["['\\q']", /unknown escape/],
      ["['\\x4']", /bad escape/],
      ['[1, 2]', /list item "1" is not a quoted string/],
    ];
    for (const [cell, message] of refused) {
      expect(() => parseLabelCell(cell), cell).toThrow(LabelCellError);
      expect(() => parseLabelCell(cell), cell).toThrow(message);
    }
  });

  it('turns list cells into categories, never a category named like a list', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'lists.csv');
    fs.writeFileSync(
      file,
      ['id,text,labels', `1,one,"['name', 'age']"`, '2,two,"[""health""]"', '3,three,[]', '4,four,None', '5,five,'].join('\n'),
    );
    const store = freshStore();
    const r = await importFile(store, file, { dataset: 'l' });
    expect(r.categories.sort()).toEqual(['age', 'health', 'name']);
    expect(postsOf(store, 'l').map((p) => p.labels)).toEqual([['age', 'name'], ['health'], [], [], []]);
    store.close();
  });
});

describe('ill-formed Unicode', () => {
  it('finds lone surrogates and invalid UTF-8 bytes, leaving valid pairs alone', () => {
    expect(loneSurrogateAt('ok 😀 pair')).toBe(-1);
    expect(loneSurrogateAt('a\ud800b')).toBe(1);
    expect(loneSurrogateAt('ab\udc00')).toBe(2);
    expect(loneSurrogateAt('x\ude00\ud83d')).toBe(1);
    expect(replaceLoneSurrogates('😀\ud800-\udc00-\ude00\ud83d')).toEqual({ text: '😀\ufffd-\ufffd-\ufffd\ufffd', replaced: 4 });
    expect(invalidUtf8At(Buffer.from('Café', 'utf8'))).toBe(-1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xe9, 0x21]))).toBe(1);
    expect(invalidUtf8At(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(invalidUtf8At(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // an encoded surrogate
    expect(invalidUtf8At(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x98]))).toBe(2); // cut short
  });

  it('with replaceInvalid stores U+FFFD, counts it, and export, re-import and hashes agree', async () => {
    const store = freshStore();
    const cases: [string, string, number][] = [
      ['lone-high-surrogate.jsonl', 'lone high \ufffd here', 1],
      ['lone-low-surrogate.jsonl', 'lone low \ufffd', 1],
      ['reversed-surrogates.jsonl', 'reversed \ufffd\ufffd pair', 2],
      ['invalid-utf8.csv', 'Caf\ufffd latin-1', 1],
      ['invalid-utf8.jsonl', undefined as unknown as string, 3],
    ];
    for (const [file, text, count] of cases) {
      const r = await importFile(store, path.join(BAD, file), { dataset: file, replaceInvalid: true });
      expect(r.replacedInvalid, file).toBe(count);
      const posts = postsOf(store, file);
      if (text !== undefined) expect(posts.map((p) => p.text)).toContain(text);
      for (const p of posts) expect(loneSurrogateAt(p.text)).toBe(-1);
    }
    // The valid pair in the reversed-surrogates file is untouched.
    expect(postsOf(store, 'reversed-surrogates.jsonl')[0]!.text).toBe('ok 😀 pair');

    const dir = tmpDir();
    for (const format of ['jsonl', 'csv'] as const) {
      const out = path.join(dir, `back.${format}`);
      await exportDataset(store, { dataset: 'reversed-surrogates.jsonl', format }, out);
      // The export is valid UTF-8 and imports again without the option, into the same dataset too.
      const again = await importFile(store, out, { dataset: 'reversed-surrogates.jsonl' });
      expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 2, replacedInvalid: 0 });
      await importFile(store, out, { dataset: `copy-${format}` });
      expect(postsOf(store, `copy-${format}`)).toEqual(postsOf(store, 'reversed-surrogates.jsonl'));
    }
    const d = store.datasets.get('copy-jsonl')!;
    for (const row of store.db.prepare<[number], { text: string; text_hash: string }>('SELECT text, text_hash FROM posts WHERE dataset_id = ?').all(d.id)) {
      expect(row.text_hash).toBe(textHash(row.text));
    }
    store.close();
  });
});

describe('Parquet', () => {
  it('imports a Hugging Face style file: list labels, ClassLabel numbers by name, several row groups', async () => {
    const store = freshStore();
    const r = await importFile(store, path.join(GOOD, 'hf-style.parquet'), { dataset: 'hf' });
    expect(r).toMatchObject({ format: 'parquet', posts: 3, new: 3 });
    expect(postsOf(store, 'hf')).toEqual([
      { id: 'hf1', text: 'Je m’appelle Léa, 34 ans, infirmière à Lyon.', labels: ['age', 'name', 'occupation'] },
      { id: 'hf2', text: 'Rufen Sie mich an: 0151 23456789', labels: ['contact'] },
      { id: 'hf3', text: 'Nothing personal here', labels: [] },
    ]);
    // The ClassLabel column as labels: numbers become their names.
    await importFile(store, path.join(GOOD, 'hf-style.parquet'), { dataset: 'topics', labelsColumn: 'topic' });
    expect(postsOf(store, 'topics').map((p) => p.labels)).toEqual([['family'], ['work'], ['family']]);
    expect(store.db.prepare('SELECT format FROM imports ORDER BY id DESC LIMIT 1').pluck().get()).toBe('parquet');
    store.close();
  });

  it('streams a larger file row group by row group, with labels cells and a column mapping', async () => {
    const file = path.join(tmpDir(), 'big.parquet');
    const n = 5000;
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'post', data: Array.from({ length: n }, (_, i) => `post number ${i}`) },
        { name: 'uid', data: Array.from({ length: n }, (_, i) => `u${i}`) },
        { name: 'tags', data: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "['a', 'b']" : i % 3 === 1 ? 'a|c' : '')) },
      ],
      rowGroupSize: 1000,
    });
    const store = freshStore();
    const seen: number[] = [];
    const r = await importFile(store, file, { dataset: 'big', textColumn: 'post', idColumn: 'uid', labelsColumn: 'tags' }, (p) => seen.push(p.posts));
    expect(r.posts).toBe(n);
    expect(seen.slice(0, 2)).toEqual([1000, 2000]);
    const posts = postsOf(store, 'big');
    expect(posts[3]).toEqual({ id: 'u3', text: 'post number 3', labels: ['a', 'b'] });
    expect(posts[4]).toEqual({ id: 'u4', text: 'post number 4', labels: ['a', 'c'] });
    expect(posts[4999]).toEqual({ id: 'u4999', text: 'post number 4999', labels: ['a', 'c'] });
    await expect(importFile(store, file, { dataset: 'x' })).rejects.toThrow(/big\.parquet: no text column "text" \(columns: "post", "uid", "tags"\)/);
    store.close();
  });
});

describe('Reddit and X dumps', () => {
  it('maps Reddit comments (body) and submissions (title + selftext), skipping and counting [deleted]/[removed]', async () => {
    const store = freshStore();
    const c = await importFile(store, path.join(GOOD, 'reddit-comments.jsonl'), { dataset: 'r', preset: 'reddit' });
    expect(c).toMatchObject({ posts: 2, new: 2, skipped: { '[deleted]': 1, '[removed]': 1 } });
    const s = await importFile(store, path.join(GOOD, 'reddit-submissions.ndjson'), { dataset: 'r', preset: 'reddit' });
    expect(s).toMatchObject({ posts: 2, skipped: { '[removed]': 1 } });
    expect(postsOf(store, 'r')).toEqual([
      { id: 'c1', text: 'My sister Dana turned 29 last week and I forgot.', labels: [] },
      { id: 'c4', text: 'Night shifts as a nurse in Cork are wearing me down.', labels: [] },
      { id: 's1', text: "I finally told my dad\n\nHe took it better than I thought. I'm 34 and still scared of him.", labels: [] },
      { id: 's2', text: 'Link post about Oslo', labels: [] },
    ]);
    // Another field as the text, by name: the mapping wins over the preset.
    await importFile(store, path.join(GOOD, 'reddit-comments.jsonl'), { dataset: 'authors', preset: 'reddit', textColumn: 'author', idColumn: 'name' });
    expect(postsOf(store, 'authors').map((p) => [p.id, p.text])).toEqual([
      ['t1_c1', 'throwaway1'],
      ['t1_c2', '[deleted]'],
      ['t1_c3', 'someone'],
      ['t1_c4', 'nurse_jo'],
    ]);
    store.close();
  });

  it("reads an X archive's tweets.js (recognised by its prefix) and API JSONL with exact string ids", async () => {
    const store = freshStore();
    const t = await importFile(store, path.join(GOOD, 'tweets.js'), { dataset: 'x' });
    expect(t).toMatchObject({ format: 'json', posts: 2 });
    expect(postsOf(store, 'x')).toEqual([
      { id: '1712345678901234567', text: 'Moving to Lyon next month, new job at the hospital! Call 06.12.34.56.78', labels: [] },
      { id: '1712345678901234999', text: 'A "quoted" word, a [bracket] and a brace } inside a string', labels: [] },
    ]);
    await importFile(store, path.join(GOOD, 'tweets-api.jsonl'), { dataset: 'api', preset: 'twitter' });
    expect(postsOf(store, 'api')).toEqual([
      { id: '1712345678901234567', text: 'Short text, shown when full_text is absent', labels: [] },
      { id: '1712345678901235001', text: 'Full text wins over text', labels: [] },
    ]);
    // A plain JSON array with the default fields, and nested fields by dotted path.
    const dir = tmpDir();
    const arr = path.join(dir, 'posts.json');
    fs.writeFileSync(arr, JSON.stringify([{ meta: { key: 'k1' }, text: 'one', labels: ['a'] }, { meta: { key: 'k2' }, text: 'two', labels: [] }], null, 2));
    await importFile(store, arr, { dataset: 'arr', idColumn: 'meta.key' });
    expect(postsOf(store, 'arr')).toEqual([
      { id: 'k1', text: 'one', labels: ['a'] },
      { id: 'k2', text: 'two', labels: [] },
    ]);
    store.close();
  });

  const offmychest = path.resolve(ROOT, '..', 'shared', 'benchmarks', 'offmychest', 'train.jsonl');
  if (!fs.existsSync(offmychest)) console.warn(`skipping the offmychest import: ${offmychest} is absent (the shared benchmarks folder is not beside this checkout)`);
  it.skipIf(!fs.existsSync(offmychest))('imports ../shared/benchmarks/offmychest/train.jsonl as it is', async () => {
    const store = freshStore();
    const r = await importFile(store, offmychest, { dataset: 'omc' });
    const lines = fs.readFileSync(offmychest, 'utf8').split('\n').filter((l) => l.trim()).length;
    expect(r.posts).toBe(lines);
    expect(r.new).toBe(lines);
    expect(r.categories.length).toBeGreaterThan(1);
    store.close();
  });
  if (!fs.existsSync(offmychest)) console.log(`skipped the offmychest import: ${offmychest} is absent`);
});
