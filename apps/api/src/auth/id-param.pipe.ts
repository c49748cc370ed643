import { type ApiErrorCode, DomainError } from '@cutover/domain';
import { Injectable, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A path id that is not a UUID cannot name anything: answered as not found, like a foreign or deleted one. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ApiErrorCode) {}

  transform(value: string): string {
    if (!isUuid(value)) throw new DomainError(this.notFound);
    return value.toLowerCase();
  }
}
