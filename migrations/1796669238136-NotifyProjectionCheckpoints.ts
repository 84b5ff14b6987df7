import { sqlMigration } from './sql-migration';

/**
 * A generation per projection checkpoint, and a notification when it moves: the API's validators for public reads
 * (libs/projections/checkpoint-generations.ts) answer `If-None-Match` from the generations held in memory, and
 * every API process learns of a move at its commit, whichever process wrote it. A generation is drawn from one
 * sequence, so it never repeats, also when a rebuild brings the position back to 0 and up again. Only a change of
 * the read model draws one: a skip over others' events keeps it (below).
 */
export const NotifyProjectionCheckpoints1796669238136 = sqlMigration('NotifyProjectionCheckpoints1796669238136', {
  up: [
    'CREATE SEQUENCE projection_checkpoint_generations',
    `ALTER TABLE projection_checkpoints
       ADD COLUMN generation bigint NOT NULL DEFAULT nextval('projection_checkpoint_generations')`,
    `COMMENT ON COLUMN projection_checkpoints.generation IS
      'Drawn anew whenever a batch moves position or version (trigger; a skip keeps it): names one state of the read model for HTTP validators'`,
    // A skip (the runner's advanceCheckpoint: nothing applied, its read model unchanged) sets generation to NULL
    // and keeps the generation it had: a caught-up projection stores one about once a second while other
    // contexts' events flow, and validators would otherwise change that often with no change to the data.
    `CREATE FUNCTION projection_checkpoint_moved() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' AND (NEW.generation IS NULL OR (NEW.position IS NOT DISTINCT FROM OLD.position
          AND NEW.version IS NOT DISTINCT FROM OLD.version)) THEN
         NEW.generation := OLD.generation;
         RETURN NEW;
       ELSE
         NEW.generation := nextval('projection_checkpoint_generations');
       END IF;
       -- Delivered at commit, to every session listening (no one listening: nothing is queued).
       PERFORM pg_notify('licita_projection_checkpoints', NEW.name || ' ' || NEW.generation);
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER projection_checkpoint_moved BEFORE INSERT OR UPDATE ON projection_checkpoints
       FOR EACH ROW EXECUTE FUNCTION projection_checkpoint_moved()`,
    // A deleted checkpoint (a projection dropped or reset by hand) changes what its read model means too.
    `CREATE FUNCTION projection_checkpoint_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM pg_notify('licita_projection_checkpoints', OLD.name || ' ' || nextval('projection_checkpoint_generations'));
       RETURN OLD;
     END $$`,
    `CREATE TRIGGER projection_checkpoint_deleted AFTER DELETE ON projection_checkpoints
       FOR EACH ROW EXECUTE FUNCTION projection_checkpoint_deleted()`,
  ],
  down: [
    'DROP TRIGGER projection_checkpoint_deleted ON projection_checkpoints',
    'DROP FUNCTION projection_checkpoint_deleted()',
    'DROP TRIGGER projection_checkpoint_moved ON projection_checkpoints',
    'DROP FUNCTION projection_checkpoint_moved()',
    'ALTER TABLE projection_checkpoints DROP COLUMN generation',
    'DROP SEQUENCE projection_checkpoint_generations',
  ],
});
