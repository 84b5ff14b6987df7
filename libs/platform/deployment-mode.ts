import type { LicitaMode } from './config';

/** TypeORM's DataSource: `query` answers the rows. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Why a process refuses a database: its log belongs to the other mode. */
export class DeploymentModeMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentModeMismatch';
  }
}

/**
 * Practice data must never mix with production data. The first process to start on a database records its mode
 * (LICITA_MODE) in `licita_deployment`; a process of the other mode is refused with a message saying what to do.
 * A database without a recorded mode whose log already holds events (other than the shipped classifiers, which
 * every deployment installs) was run before the mode existed, so in production: a sandbox refuses it, production records itself. The insert is `ON CONFLICT DO NOTHING` and the mode
 * is read back, so two processes starting together agree. (With EVENT_STORE=eventstoredb the events live outside
 * this database, so only the recorded mode guards it: give a sandbox its own EventStoreDB too.)
 */
export async function checkDeploymentMode(db: Queryable, mode: LicitaMode): Promise<void> {
  let recorded = await recordedMode(db);
  if (recorded === undefined) {
    const [{ found }] = (await db.query(
      `SELECT EXISTS (SELECT 1 FROM es_events WHERE stream_id NOT LIKE 'classifier-%') AS found`,
    )) as Array<{ found: boolean }>;
    if (found && mode === 'sandbox') throw mismatch('sandbox', 'production');
    await db.query('INSERT INTO licita_deployment (mode) VALUES ($1) ON CONFLICT DO NOTHING', [mode]);
    recorded = await recordedMode(db);
  }
  if (recorded !== mode) throw mismatch(mode, recorded ?? 'production');
}

async function recordedMode(db: Queryable): Promise<LicitaMode | undefined> {
  const rows = (await db.query('SELECT mode FROM licita_deployment')) as Array<{ mode: LicitaMode }>;
  return rows[0]?.mode;
}

function mismatch(mode: LicitaMode, recorded: LicitaMode): DeploymentModeMismatch {
  return new DeploymentModeMismatch(
    mode === 'sandbox'
      ? `LICITA_MODE=sandbox refuses this database: it holds a production log (${recorded}). ` +
          'Practice data must never mix with real data: give the sandbox its own DATABASE_URL (an empty database), ' +
          'or leave DATABASE_URL unset to use the embedded one in <LICITA_DATA_DIR>/sandbox.'
      : `this database was started in sandbox mode (practice data): start it with LICITA_MODE=sandbox, ` +
          'or point production at its own database.',
  );
}
