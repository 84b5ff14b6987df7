import { DomainError } from '@licita/shared';
import { thrownBy } from '../../../test/support/decider-spec';
import { checkClassifierVersion } from '../domain/classifier-version';
import { classifierDataFile, parseClassifierFile, readClassifierFile } from './classifier-file';

/** The CUCoP shipped in libs/classifier/data (a copy of shared/classifier/cucop.csv). */
const CUCOP = classifierDataFile('cucop.csv');

describe('reading classifier files', () => {
  it('reads the shipped CPV 2008: 9,454 codes, positional levels, goods/services/works', () => {
    const { format, classifier } = readClassifierFile(classifierDataFile('cpv-2008.csv'));
    expect(format).toBe('cpv-2008-csv');
    expect(classifier).toMatchObject({ scheme: 'CPV', version: '2008' });
    expect(classifier.codes).toHaveLength(9_454);
    const byCode = new Map(classifier.codes.map((entry) => [entry.code, entry]));
    expect(byCode.get('45210000-2')).toEqual({
      code: '45210000-2',
      parent: '45200000-9',
      level: 'class',
      category: 'works',
      description: { es: 'Trabajos de construcción de inmuebles', en: 'Building construction work' },
    });
    expect(byCode.get('03111100-3')).toMatchObject({ parent: '03111000-2', level: 'subcategory', category: 'goods' });
    expect(byCode.get('60112000-6')).toMatchObject({ parent: '60100000-9', level: 'category', category: 'services' });
    expect(() => checkClassifierVersion(classifier)).not.toThrow();
  });

  it('reads the CUCoP CSV: chapter → concept → generic → specific → article, category by chapter', () => {
    const { format, classifier } = readClassifierFile(CUCOP);
    expect(format).toBe('cucop-csv');
    expect(classifier).toMatchObject({ scheme: 'CUCoP', version: 'classic' });
    expect(classifier.codes).toHaveLength(12_049);
    const byCode = new Map(classifier.codes.map((entry) => [entry.code, entry]));
    expect(byCode.get('2000')).toMatchObject({ parent: null, level: 'chapter', category: 'goods' });
    expect(byCode.get('21100001')).toEqual({
      code: '21100001',
      parent: '21101',
      level: 'article',
      category: 'goods',
      description: { es: 'Abrecartas', en: null },
    });
    expect(byCode.get('3100')).toMatchObject({ level: 'concept', category: 'services' });
    expect(byCode.get('6100')).toMatchObject({ category: 'works' });
    expect(() => checkClassifierVersion(classifier)).not.toThrow();
  });

  it('reads the Licita JSON format, scheme and version from the file unless given', () => {
    const json = JSON.stringify({
      scheme: 'UNSPSC',
      version: '26',
      codes: [
        { code: '43000000', parent: null, level: 'segment', category: 'goods', description: { en: 'IT equipment' } },
      ],
    });
    expect(parseClassifierFile(json, 'unspsc.json').classifier).toMatchObject({
      scheme: 'UNSPSC',
      version: '26',
      codes: [{ code: '43000000' }],
    });
    expect(parseClassifierFile(json, 'unspsc.json', { version: '26.1' }).classifier.version).toBe('26.1');
  });

  it('reads the Licita CSV format with the scheme and version given apart', () => {
    const csv =
      'code,parent,level,category,description_es,description_en\nA,,segment,services,Servicios,Services\nA1,A,family,services,Limpieza,\n';
    const { format, classifier } = parseClassifierFile(csv, 'mine.csv', { scheme: 'MINE', version: '1' });
    expect(format).toBe('licita-csv');
    expect(classifier.codes[1]).toEqual({
      code: 'A1',
      parent: 'A',
      level: 'family',
      category: 'services',
      description: { es: 'Limpieza', en: '' },
    });
    expect(thrownBy(() => parseClassifierFile(csv, 'mine.csv'))).toMatchObject({ code: 'classifier.scheme_required' });
  });

  it('refuses a CSV of no known format, saying which columns it expects', () => {
    const error = thrownBy(() => parseClassifierFile('id,name\n1,x\n', 'other.csv'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'classifier.unknown_format',
      message: expect.stringContaining('code,parent,level,category,description_es,description_en'),
    });
  });
});
