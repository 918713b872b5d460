import pg from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and other int8 stay strings unless converted deliberately; numeric ids are small.
