import { createMeiliClient } from '../../search/client.ts';
import { matchVacancies } from '../../search/matching.ts';
import occ from '../../server/occupations/occupations.json' with { type: 'json' };
import pg from 'pg';
const services = JSON.parse(await (await import('node:fs/promises')).readFile('/tmp/jb-match-data/services.json', 'utf8'));
const secrets = JSON.parse(await (await import('node:fs/promises')).readFile('/tmp/jb-match-data/secrets.json', 'utf8'));
const client = createMeiliClient(`http://127.0.0.1:${services.meiliPort}`, secrets.meiliMasterKey);
const m = new Map(occ.map((o: any) => [o.code, { title_de: o.de, title_en: o.en, synonyms: o.synonyms }]));
const db = new pg.Client({ connectionString: `postgres://postgres:${secrets.postgresPassword}@127.0.0.1:${services.postgresPort}/jobbruecke` });
await db.connect();
const { rows } = await db.query('select * from mentees');
const { toProfile } = await import('../../server/mentees/queries.ts');
const mentees = rows.map((r: any) => toProfile(r));
const times: number[] = [];
for (let i = 0; i < 10; i++) for (const mentee of mentees) { const t = performance.now(); await matchVacancies(client, mentee, m, '2026-11-23'); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log('matchVacancies p50', times[Math.floor(times.length / 2)].toFixed(1), 'p99', times[Math.floor(times.length * 0.99)].toFixed(1));
// per-query timing inside Meilisearch
const { results } = await client.multiSearch({ queries: [{ indexUid: 'vacancies', q: 'lagerlogistik fachkraft warehouse logistics specialist', matchingStrategy: 'last', attributesToSearchOn: ['title','occupationTitle','occupationSynonyms','occupationTitleEn'], filter: 'NOT (occupationCode IN ["51312"])', showRankingScore: true }, { indexUid: 'vacancies', q: '', filter: 'occupationCode IN ["51312"] AND _geoRadius(51.05, 13.73, 25000)', sort: ['_geoPoint(51.05, 13.73):asc'] }] });
console.log(results.map((r) => r.processingTimeMs));
await db.end();
