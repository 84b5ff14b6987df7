import type { QueryRunner } from 'typeorm';

/** A migration step that runs `statements` in order, each one query. */
export const runs =
  (...statements: string[]) =>
  async (queryRunner: QueryRunner): Promise<void> => {
    for (const statement of statements) await queryRunner.query(statement);
  };
