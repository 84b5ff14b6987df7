import { sqlMigration } from './sql-migration';

/**
 * Full-text search of the classifier in Spanish (libs/classifier/application/classifier-queries.ts): a stemmed
 * `search_vector` (the `spanish` configuration, so `llantas` finds `Llantas` and `llanta`; the English
 * descriptions with `english`), the first word of the Spanish description also at weight A (the thing itself,
 * "Impresora laser", ranks before "Acetato para impresora"), and a GIN index on it.
 *
 * Accents and case are folded by `licita_fold_es`, not by the `unaccent` extension: unaccent also folds ñ into n,
 * which made "ordenador" (computer) find "Ordeñadora" (milking machine). The query side folds the same way
 * (`normalizeQuery` in libs/classifier/application/synonyms.ts).
 */
export const SearchClassifierInSpanish1796609249297 = sqlMigration('SearchClassifierInSpanish1796609249297', {
  up: [
    `
      CREATE FUNCTION licita_fold_es(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(translate($1, 'ÁÉÍÓÚÜÀÈÌÒÙÂÊÎÔÛÄËÏÖÑáéíóúüàèìòùâêîôûäëïö', 'aeiouuaeiouaeiouaeioñaeiouuaeiouaeiouaeio')) $$`,
    `
      ALTER TABLE classifier_codes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('spanish'::regconfig, licita_fold_es(split_part(coalesce(description_es, ''), ' ', 1))), 'A')
        || to_tsvector('spanish'::regconfig, licita_fold_es(coalesce(description_es, '')))
        || to_tsvector('english'::regconfig, coalesce(description_en, ''))
      ) STORED`,
    'CREATE INDEX classifier_codes_search_vector ON classifier_codes USING gin (search_vector)',
  ],
  down: [
    'DROP INDEX classifier_codes_search_vector',
    'ALTER TABLE classifier_codes DROP COLUMN search_vector',
    'DROP FUNCTION licita_fold_es(text)',
  ],
});
