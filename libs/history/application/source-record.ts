import type {
  HistoricalContractImported,
  HistoricalProcedureImported,
  HistoricalSource,
} from '../domain/history.events';

/** The file being read, as the import runner hands it to a source reader. */
export type SourceFile = { fileName: string; fileSha256: string; importId: string; bytes: Buffer };

/** A party as a source names it, before the runner matches it to the register and gives it a `partyId`. */
export type SourceParty = { name: string; code: string | null; rfc: string | null };

/**
 * One record a source reader found: a procedure with its contracts (the data of the events to be, minus what the
 * runner fills in: ids, the import id, the matched parties), or a row it could not read, with the reason.
 * Every row of the file yields exactly one `SourceRecord`, so nothing is dropped silently.
 */
export type SourceRecord =
  | {
      kind: 'procedure';
      /** The key that groups contract rows into one procedure (e.g. the procedure number, or the file row when blank). */
      procedureKey: string;
      procedure: Omit<HistoricalProcedureImported['data'], 'procedureId' | 'buyer' | 'source'> & {
        buyer: SourceParty;
        source: Omit<HistoricalSource, 'importId' | 'fileName' | 'fileSha256'>;
      };
      contracts: Array<
        Omit<HistoricalContractImported['data'], 'procedureId' | 'contractId' | 'supplier' | 'source'> & {
          supplier: SourceParty;
          source: Omit<HistoricalSource, 'importId' | 'fileName' | 'fileSha256'>;
        }
      >;
    }
  | { kind: 'rejected'; row: string; rowKey: string | null; reason: string; original: HistoricalSource['original'] };

/** A reader of one source format: yields one record per row (or per release), in file order. */
export type SourceReader = (file: SourceFile) => AsyncIterable<SourceRecord>;
