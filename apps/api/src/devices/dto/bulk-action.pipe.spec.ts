import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DomainError, MAX_BULK_DEVICE_IDS } from '@cutover/domain';
import { apiValidationPipe } from '../../common/validation.pipe';
import { BulkActionDto } from './bulk-action.dto';
import { BulkActionBodyPipe } from './bulk-action.pipe';

const pipe = new BulkActionBodyPipe();
const dtoPipe = apiValidationPipe();

/** The body through BulkActionDto whole (what the fast path must agree with), as result or error. */
async function throughDto(body: unknown): Promise<unknown> {
  try {
    return { ok: await dtoPipe.transform(body, { type: 'body', metatype: BulkActionDto }) };
  } catch (error) {
    return { error: (error as DomainError).details ?? (error as Error).message };
  }
}

async function throughPipe(body: unknown): Promise<unknown> {
  try {
    return { ok: await pipe.transform(body) };
  } catch (error) {
    return { error: (error as DomainError).details ?? (error as Error).message };
  }
}

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

describe('BulkActionBodyPipe: BulkActionDto rules, without walking a valid id list item by item', () => {
  it('keeps the whole valid list, as the DTO would', async () => {
    const list = ids(5000);
    const body = { action: 'retry-profile-creation', deviceIds: list, extra: 'dropped' };
    const result = await pipe.transform(structuredClone(body));
    expect(result).toBeInstanceOf(BulkActionDto);
    expect(result.deviceIds).toEqual(list);
    expect(result).toEqual(
      await dtoPipe.transform(structuredClone(body), { type: 'body', metatype: BulkActionDto }),
    );
    expect(result).not.toHaveProperty('extra');
  });

  const bad: Array<[string, () => unknown]> = [
    [
      'one bad id deep in the list',
      () => ({ action: 'retry-switch', deviceIds: [...ids(3000), 'x', ...ids(5)] }),
    ],
    ['a number among the ids', () => ({ action: 'retry-switch', deviceIds: [...ids(10), 7] })],
    ['an empty list', () => ({ action: 'retry-switch', deviceIds: [] })],
    ['null ids', () => ({ action: 'retry-switch', deviceIds: null })],
    ['ids and a filter', () => ({ action: 'retry-switch', deviceIds: ids(20), filter: {} })],
    ['neither', () => ({ action: 'retry-switch' })],
    ['an unknown action with valid ids', () => ({ action: 'nope', deviceIds: ids(20) })],
    ['a bad filter', () => ({ action: 'retry-switch', filter: { status: 42 } })],
    ['one id too many', () => ({ action: 'retry-switch', deviceIds: ids(MAX_BULK_DEVICE_IDS + 1) })],
    ['not an object', () => ['retry-switch']],
  ];
  it.each(bad)('%s: the same 400 as the DTO gives', async (_name, make) => {
    const body = make();
    const expected = await throughDto(structuredClone(body));
    expect(expected).toHaveProperty('error');
    expect(await throughPipe(structuredClone(body))).toEqual(expected);
  });

  it.each([1, 2, MAX_BULK_DEVICE_IDS])('%i valid ids pass with all of them', async (n) => {
    const list = ids(n);
    const result = await pipe.transform({ action: 'retry-profile-creation', deviceIds: list });
    expect(result.deviceIds).toHaveLength(n);
    expect(result.deviceIds![n - 1]).toBe(list[n - 1]);
  });
});
