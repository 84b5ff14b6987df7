import { Injectable } from '@nestjs/common';
import type { Bilingual, ExportColumn, ExportSource } from '@licita/platform';
import { MEXICAN_STATES } from '../domain/mexican-states';
import {
  directoryFilter,
  SANCTION_ORDER,
  sanctionFilter,
  type SanctionRow,
  type SupplierFilter,
  type Viewer,
} from './supplier-queries';

type ExportRow = {
  supplier_id: string;
  rfc: string;
  legal_name: string;
  person_type: string;
  size: string;
  state: string;
  municipality: string | null;
  status: string;
  classifier_codes: string[];
  verified_at: Date | null;
};

const PERSON_TYPES: Record<string, Bilingual> = {
  legal_entity: ['Persona moral', 'Legal entity'],
  individual: ['Persona física', 'Individual'],
};
const SIZES: Record<string, Bilingual> = {
  micro: ['Micro', 'Micro'],
  small: ['Pequeña', 'Small'],
  medium: ['Mediana', 'Medium'],
  large: ['Grande', 'Large'],
};
const STATUSES: Record<string, Bilingual> = {
  pending: ['Pendiente de verificación', 'Pending verification'],
  verified: ['Verificado', 'Verified'],
  rejected: ['Rechazado', 'Rejected'],
  suspended: ['Suspendido', 'Suspended'],
};

function supplierColumns(language: 'es' | 'en'): Array<ExportColumn<ExportRow>> {
  const named = (labels: Record<string, Bilingual>, code: string) => labels[code]?.[language === 'en' ? 1 : 0] ?? code;
  return [
    { header: ['RFC', 'RFC (tax id)'], type: 'text', value: (row) => row.rfc, width: 16 },
    { header: ['Nombre o razón social', 'Name'], type: 'text', value: (row) => row.legal_name, width: 50 },
    {
      header: ['Tipo de persona', 'Person type'],
      type: 'text',
      value: (row) => named(PERSON_TYPES, row.person_type),
    },
    { header: ['Tamaño', 'Size'], type: 'text', value: (row) => named(SIZES, row.size), width: 12 },
    {
      header: ['Entidad federativa', 'State'],
      type: 'text',
      value: (row) => MEXICAN_STATES[row.state as keyof typeof MEXICAN_STATES] ?? row.state,
      width: 24,
    },
    // An individual's municipality and state only, never their street: as their public profile shows.
    { header: ['Municipio', 'Municipality'], type: 'text', value: (row) => row.municipality, width: 24 },
    { header: ['Estatus en el padrón', 'Register status'], type: 'text', value: (row) => named(STATUSES, row.status) },
    {
      header: ['Verificado (hora de la Ciudad de México)', 'Verified (Mexico City time)'],
      type: 'instant',
      value: (row) => row.verified_at,
      width: 20,
    },
    {
      header: ['Códigos del clasificador', 'Classifier codes'],
      type: 'text',
      value: (row) => row.classifier_codes.join('; '),
      width: 30,
    },
    { header: ['Clave del proveedor', 'Supplier id'], type: 'text', value: (row) => row.supplier_id, width: 38 },
  ];
}

type SanctionExportRow = SanctionRow & { rfc: string; legal_name: string; status: string };

const SANCTION_STATUSES: Record<string, Bilingual> = {
  in_force: ['Vigente', 'In force'],
  scheduled: ['Por iniciar', 'Scheduled'],
  lifted: ['Levantada', 'Lifted'],
  ended: ['Concluida', 'Ended'],
};

function sanctionColumns(language: 'es' | 'en'): Array<ExportColumn<SanctionExportRow>> {
  const named = (labels: Record<string, Bilingual>, code: string) => labels[code]?.[language === 'en' ? 1 : 0] ?? code;
  const instant = (
    header: Bilingual,
    value: (row: SanctionExportRow) => Date | null,
  ): ExportColumn<SanctionExportRow> => ({
    header,
    type: 'instant',
    value,
    width: 20,
  });
  return [
    { header: ['RFC', 'RFC (tax id)'], type: 'text', value: (row) => row.rfc, width: 16 },
    { header: ['Nombre o razón social', 'Name'], type: 'text', value: (row) => row.legal_name, width: 50 },
    {
      header: ['Estado de la sanción', 'Sanction status'],
      type: 'text',
      value: (row) => named(SANCTION_STATUSES, row.status),
    },
    instant(['Inicio (hora de la Ciudad de México)', 'Starts (Mexico City time)'], (row) => row.starts_at),
    instant(['Fin (hora de la Ciudad de México)', 'Ends (Mexico City time)'], (row) => row.ends_at),
    {
      header: ['Número de resolución', 'Resolution number'],
      type: 'text',
      value: (row) => row.resolution_number,
      width: 24,
    },
    { header: ['Motivo', 'Reason'], type: 'text', value: (row) => row.reason, width: 50 },
    instant(['Levantada (hora de la Ciudad de México)', 'Lifted (Mexico City time)'], (row) => row.lifted_at),
    { header: ['Motivo del levantamiento', 'Lift reason'], type: 'text', value: (row) => row.lift_reason, width: 40 },
    { header: ['Clave del proveedor', 'Supplier id'], type: 'text', value: (row) => row.supplier_id, width: 38 },
    { header: ['Clave de la sanción', 'Sanction id'], type: 'text', value: (row) => row.sanction_id, width: 38 },
  ];
}

/** The supplier directory's export: the rows of a directory search as this viewer may see them, by name. */
@Injectable()
export class SupplierExports {
  source(filter: SupplierFilter, viewer: Viewer, language: 'es' | 'en'): ExportSource<ExportRow> {
    const { where, params } = directoryFilter(filter, viewer);
    return {
      name: ['proveedores', 'suppliers'],
      columns: supplierColumns(language),
      select: `supplier_id, rfc, legal_name, person_type, size, state, address->>'municipality' AS municipality, status,
               classifier_codes, verified_at`,
      from: `FROM supplier_directory WHERE ${where}`,
      orderBy: 'sort_name, supplier_id',
      params,
    };
  }

  /** The sanctions directory's export: its rows at `now`, newest first, as the public list shows them. */
  sanctions(search: { current?: boolean }, now: Date, language: 'es' | 'en'): ExportSource<SanctionExportRow> {
    const { from, params } = sanctionFilter(search, now);
    return {
      name: ['sanciones', 'sanctions'],
      columns: sanctionColumns(language),
      select:
        'supplier_id, sanction_id, rfc, legal_name, status, starts_at, ends_at, resolution_number, reason, lifted_at, lift_reason',
      from,
      orderBy: SANCTION_ORDER,
      params,
    };
  }
}
