import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A field that holds one nested DTO object (a bulk action's `filter`). Anything but a plain object is left
 * as it is, to fail IsObject as one problem: with class-transformer's @Type and ValidateNested, an array
 * would be converted and validated item by item, as if each item were the object (100 000 items, 100 000
 * instances and errors).
 */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(
    Transform(
      ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
        const raw = obj[key];
        if (raw === null || typeof raw !== 'object') return raw;
        return Array.isArray(raw) ? 'an array' : plainToInstance(type(), raw);
      },
      { toClassOnly: true },
    ),
    IsObject(),
    ValidateNested(),
  );
}
