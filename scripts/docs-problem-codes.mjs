// Writes the README's "Error codes" table from the catalogue (libs/shared/problems/catalogue.json): npm run docs:problem-codes
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- problem-codes:start -->';
const END = '<!-- problem-codes:end -->';
const readme = new URL('../README.md', import.meta.url);
const PROBLEM_CATALOGUE = JSON.parse(
  readFileSync(new URL('../libs/shared/problems/catalogue.json', import.meta.url), 'utf8'),
);

const note = (entry) =>
  [
    entry.alsoStatus ? `also ${entry.alsoStatus.join(', ')}` : '',
    entry.replacedBy ? `kept for existing clients; same as \`${entry.replacedBy}\`` : '',
    entry.note ?? '',
  ]
    .filter(Boolean)
    .join('; ');
const rows = Object.entries(PROBLEM_CATALOGUE).map(
  ([code, entry]) => `| \`${code}\` | ${entry.status} | ${entry.es} | ${entry.en} | ${note(entry)} |`,
);
const table = [
  '| Code | HTTP | Mensaje (es-MX) | Message (en) | Notes |',
  '| --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');

const text = readFileSync(readme, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
writeFileSync(readme, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
console.log(`README.md: ${rows.length} problem codes`);
