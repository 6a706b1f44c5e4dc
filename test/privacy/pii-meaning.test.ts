import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { piiCategoryRelations } from '../../src-main/contract/audit-schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { AuditRepo } from '../../src-main/privacy/audit-repo.js';
import { runAudit } from '../../src-main/privacy/audit.js';
import { Store } from '../../src-main/store/store.js';
import { tmpDir } from '../helpers/tmp.js';
import { extractPii } from '../../src-main/privacy/pii-extract.js';
import { carriedOver } from '../../src-main/privacy/pii-match.js';
import { amountValue, canonicalEmail, sameMoney, type PiiOptions } from '../../src-main/privacy/pii-normalize.js';
import { findDates, findMoney } from '../../src-main/privacy/pii-patterns.js';
import { findPhones } from '../../src-main/privacy/pii-phones.js';

const keysOf = (text: string, kind: string, options: PiiOptions = {}) =>
  extractPii(text, options)
    .filter((v) => v.kind === kind)
    .map((v) => v.key);
const carried = (source: string, variant: string, options: PiiOptions = {}) =>
  carriedOver(extractPii(source, options), variant, options).map((v) => `${v.kind}: ${v.text}`);

describe('phone numbers by meaning', () => {
  // [region, as written nationally, as written internationally, E.164]
  const numbers: [string, string, string, string][] = [
    ['FR', '06.12.34.56.78', '+33 6 12 34 56 78', '+33612345678'],
    ['FR', '01 42 68 53 00', '+33 (0)1 42 68 53 00', '+33142685300'],
    ['DE', '0151 23456789', '+49 151 2345 6789', '+4915123456789'],
    ['DE', '(030) 901820', '+49-30-901820', '+4930901820'],
    ['GB', '020 7946 0958', '+44 20 7946 0958', '+442079460958'],
    ['US', '(212) 555-0199', '+1 212.555.0199', '+12125550199'],
    ['IN', '098765 43210', '+91 98765-43210', '+919876543210'],
    ['BR', '(11) 98765-4321', '+55 11 98765 4321', '+5511987654321'],
    ['JP', '090-1234-5678', '+81 90 1234 5678', '+819012345678'],
  ];

  it.each(numbers)('%s: "%s" and "%s" are both %s', (region, national, international, e164) => {
    expect(findPhones(`call ${national} today`, { region }).map((p) => p.key)).toEqual([e164]);
    // The international form says its own country, whatever the dataset's region.
    expect(findPhones(`call ${international} today`, { region: 'GB' }).map((p) => p.key)).toEqual([e164]);
    expect(carried(`Appelle-moi au ${national}.`, `Reach me at ${international}!`, { region })).toEqual([`phone: ${national}`]);
    expect(carried(`Reach me at ${international}!`, `Call ${national}`, { region })).toEqual([`phone: ${international}`]);
  });

  it('reads a dotted French number as one phone number, not a date and a number', () => {
    const values = extractPii('Mon numéro : 06.12.34.56.78, appelle après 18h', { region: 'FR' });
    expect(values.map((v) => `${v.kind}: ${v.text}`)).toEqual(['phone: 06.12.34.56.78']);
    // Without a region it is still one phone number, and still matched by its digits.
    expect(extractPii('06.12.34.56.78').map((v) => v.kind)).toEqual(['phone']);
    expect(carried('Mon numéro : 06.12.34.56.78', 'Numéro : +33 6 12 34 56 78')).toEqual(['phone: 06.12.34.56.78']);
    // Real dates stay dates, though "12.03.2024" is a possible German number.
    expect(extractPii('Termin am 12.03.2024', { region: 'DE' }).map((v) => `${v.kind}: ${v.key}`)).toEqual(['date: 2024-03-12']);
  });

  it('does not match a different number in another form', () => {
    expect(carried('Call 06.12.34.56.78', 'Call +33 6 12 34 56 79', { region: 'FR' })).toEqual([]);
    expect(carried('Call (212) 555-0199', 'Call +44 212 555 0199', { region: 'US' })).toEqual([]);
  });
});

describe('e-mail addresses by mailbox', () => {
  it('ignores case and the +tag everywhere, and dots only at Gmail', () => {
    expect(canonicalEmail('Dana.Smith+shop@Example.org')).toBe('dana.smith@example.org');
    expect(canonicalEmail('d.a.n.a+x@googlemail.com')).toBe('dana@gmail.com');
    expect(canonicalEmail('dana@gmail.com')).toBe('dana@gmail.com');
    expect(carried('mail me: dana.smith+offmychest@example.org', 'Mail: Dana.Smith@EXAMPLE.org')).toEqual([
      'email: dana.smith+offmychest@example.org',
    ]);
    expect(carried('mail me: dana@example.org', 'Mail: dana+new@example.org')).toEqual(['email: dana@example.org']);
    expect(carried('d.smith@gmail.com', 'write to dsmith+x@googlemail.com')).toEqual(['email: d.smith@gmail.com']);
    expect(carried('d.smith@example.org', 'write to dsmith@example.org')).toEqual([]);
    expect(carried('dana@example.org', 'write to dana@example.net')).toEqual([]);
  });
});

describe('dates by meaning', () => {
  it('normalises dates of many countries to ISO 8601', () => {
    const cases: [string, string, PiiOptions][] = [
      ['2024-03-12', '2024-03-12', {}],
      ['12/03/2024', '2024-03-12', { region: 'FR' }],
      ['12/03/2024', '2024-12-03', { region: 'US' }],
      ['25/12/2024', '2024-12-25', { region: 'US' }],
      ['12.03.2024', '2024-03-12', { region: 'DE' }],
      ['12-03-24', '2024-03-12', { region: 'IN' }],
      ['3 March 2024', '2024-03-03', {}],
      ['March 3rd, 2024', '2024-03-03', {}],
      ['3rd of March 2024', '2024-03-03', { region: 'GB' }],
      ['le 3 mars 2024', '2024-03-03', { region: 'FR' }],
      ['1er mai 2024', '2024-05-01', { region: 'FR' }],
      ['am 3. März 2024', '2024-03-03', { region: 'DE' }],
      ['3 de março de 2024', '2024-03-03', { region: 'BR' }],
      ['2024年3月12日', '2024-03-12', { region: 'JP' }],
      ['2024/03/12', '2024-03-12', { region: 'JP' }],
      ['in March 2024', '2024-03', {}],
      ['on March 3', '--03-03', {}],
    ];
    for (const [text, iso, options] of cases) expect(keysOf(text, 'date', options), text).toEqual([iso]);
    // Not dates: a month that does not exist, "may" the verb, a version number, "3 out of 5".
    expect(findDates('on 13/13/24, it may be, v1.2.3, 3 out of 5, 06.12.34.56.78')).toEqual([]);
  });

  it('matches a date written another way, and not another date', () => {
    expect(carried('We married on 3 March 2024.', 'They married on 2024-03-03.')).toEqual(['date: 3 March 2024']);
    expect(carried('Né le 12/03/2024', 'Born March 12th, 2024', { region: 'FR' })).toEqual(['date: 12/03/2024']);
    expect(carried('Born 12/03/2024', 'Born March 12th, 2024', { region: 'US' })).toEqual([]);
    expect(carried('Born 12/03/2024', 'Born December 3, 2024', { region: 'US' })).toEqual(['date: 12/03/2024']);
    expect(carried('We married on 3 March 2024.', 'They married on 4 March 2024.')).toEqual([]);
  });
});

describe('money by meaning', () => {
  it('reads amounts in the conventions of many countries', () => {
    expect(amountValue('1,200')).toBe('1200');
    expect(amountValue('1.200')).toBe('1200');
    expect(amountValue('1 200,50')).toBe('1200.5');
    expect(amountValue('1\u202f200,50')).toBe('1200.5');
    expect(amountValue("1'200.50")).toBe('1200.5');
    expect(amountValue('1,20,000')).toBe('120000');
    expect(amountValue('12,5')).toBe('12.5');
    expect(amountValue('1.234.567,89')).toBe('1234567.89');
    expect(amountValue('60', 'k')).toBe('60000');
    const cases: [string, string][] = [
      ['It cost $1,200 in the end', '1200 $'],
      ['Loyer : 1.200 € par mois', '1200 EUR'],
      ['Miete 1 200,50 € im Monat', '1200.5 EUR'],
      ['I earn £60k a year', '60000 GBP'],
      ['Salário de R$ 3.500,00', '3500 BRL'],
      ['He paid ₹1,20,000 for it', '120000 INR'],
      ['Rent is Rs. 25,000', '25000 INR'],
      ['家賃は120,000円です', '120000 JPY'],
      ['costs ¥120,000', '120000 JPY'],
      ['it was 800 quid', '800 GBP'],
      ['lent him 5 grand', '5000 '],
      ['USD 1,500.75 owed', '1500.75 USD'],
      ['I paid $50 100 times', '50 $'],
    ];
    for (const [text, key] of cases) expect(findMoney(text).map((m) => m.key), text).toEqual([key]);
    expect(sameMoney('1200 $', '1200 USD')).toBe(true);
    expect(sameMoney('1200 EUR', '1200 USD')).toBe(false);
    expect(sameMoney('5000 ', '5000 GBP')).toBe(true);
  });

  it('matches an amount written another way, and not another amount', () => {
    expect(carried('My rent is $1,200.', 'Rent: 1200 dollars')).toEqual(['money: $1,200']);
    expect(carried('Loyer : 1.200 €', 'rent of €1,200')).toEqual(['money: 1.200 €']);
    expect(carried('Miete 1 200,50 €', 'rent EUR 1,200.50')).toEqual(['money: 1 200,50 €']);
    expect(carried('I earn £60k', 'earning £60,000 a year')).toEqual(['money: £60k']);
    expect(carried('My rent is $1,200.', 'Rent: 1300 dollars')).toEqual([]);
    expect(carried('Loyer : 1.200 €', 'rent of £1,200')).toEqual([]);
  });
});

describe("the dataset's region in an audit", () => {
  it('is set at import, read by the audit, and overridden by the audit option', async () => {
    const dir = tmpDir();
    const store = Store.open(path.join(dir, 'ws.db'));
    const file = path.join(dir, 'fr.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'f1', text: 'Appelle-moi au 06.12.34.56.78, né le 12/03/1990.', labels: ['contact'] }) + '\n');
    await importFile(store, file, { dataset: 'fr', region: 'fr' });
    expect(store.datasets.get('fr')!.region).toBe('FR');
    await expect(importFile(store, file, { dataset: 'fr', region: 'XX' })).rejects.toThrow(/unknown region "XX"/);
    const post = store.posts.findByExternalId(store.datasets.get('fr')!.id, 'f1')!;
    const model = store.models.add({ name: 'm', family: 'zephyr', backend: 'gguf', gguf_path: '/x.gguf' }).id;
    store.variants.insert({
      post_id: post.id, model_id: model, job_id: null, sweep_id: null, replicate: 0, prompt_template_id: null, model_sha256: null,
      family: 'zephyr', temperature: 0.8, seed: 1, status: 'ok', text: 'Call me on +33 6 12 34 56 78, born on 12 March 1990.',
      failure_reason: null, attempts: 1, tokens_in: 1, tokens_out: 1, generation_ms: 1,
    });
    const carriedIn = async (region?: string) => {
      const result = await runAudit(store, { dataset: 'fr', ...(region ? { region } : {}) });
      const rows = [...new AuditRepo(store.db).rows(result.audit)];
      return { region: result.params.region, carried: rows[0]!.pii_carried.map((c) => `${c.kind}: ${c.value}`) };
    };
    expect(await carriedIn()).toEqual({ region: 'FR', carried: ['phone: 06.12.34.56.78', 'date: 12/03/1990'] });
    // Read as a US date, 12/03/1990 is 3 December: the variant's 12 March is another date.
    expect(await carriedIn('US')).toEqual({ region: 'US', carried: ['phone: 06.12.34.56.78'] });
    store.close();
  });
});

describe("the audit's categories beside the dataset's", () => {
  it("pairs each audit category with the dataset's category of the same name or a synonym, and lists the rest", () => {
    const sample = ['name', 'age', 'gender', 'location', 'occupation', 'health', 'contact', 'finance'];
    const { relations, unmatched } = piiCategoryRelations(sample);
    expect(relations.map((r) => [r.category, r.datasetCategory, r.kinds.join(',')])).toEqual([
      ['contact', 'contact', 'email,phone,url,handle'],
      ['age', 'age', 'age'],
      ['name', 'name', 'person'],
      ['location', 'location', 'place'],
      ['finance', 'finance', 'money'],
      ['date', null, 'date'],
      ['number', null, 'number'],
    ]);
    expect(unmatched).toEqual(['gender', 'occupation', 'health']);
    const other = piiCategoryRelations(['Email', 'Home Address', 'Emotional_disclosure']);
    expect(other.relations.find((r) => r.category === 'contact')!.datasetCategory).toBe('Email');
    expect(other.relations.find((r) => r.category === 'location')!.datasetCategory).toBe(null);
    expect(other.unmatched).toEqual(['Home Address', 'Emotional_disclosure']);
  });
});
