import { DomainError } from '@cutover/domain';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { CsvText } from './csv-body';
import { type MappingUpload, mappingLinesOfCsv, mappingLinesOfJson } from './mailbox-mapping-rows';

/** The import's body, CSV (csv-body.ts) or JSON `{ items }`, as rows with their lines; rows are checked by the service. */
@Injectable()
export class MappingUploadPipe implements PipeTransform<unknown, MappingUpload> {
  transform(body: unknown): MappingUpload {
    if (body instanceof CsvText) return mappingLinesOfCsv(body.text);
    const items = (body as { items?: unknown } | null)?.items;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(items))
      throw new DomainError(
        'VALIDATION_FAILED',
        'Send the mapping as text/csv (header identity,mailbox) or as JSON { "items": [{ "identity", "mailbox" }] }.',
        [{ field: 'items', problems: ['items must be an array of { identity, mailbox }'] }],
      );
    return mappingLinesOfJson(items);
  }
}
