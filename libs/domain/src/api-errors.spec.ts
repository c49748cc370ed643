import { API_ERROR_CODES, API_ERROR_MESSAGES, DomainError, isApiErrorCode } from './api-errors';

describe('API error codes', () => {
  it.each(API_ERROR_CODES)('D6: %s has a default message that says what to do next', (code) => {
    expect(API_ERROR_MESSAGES[code]).toMatch(/\. [A-Z].+\.$/);
  });

  it.each<[string, boolean]>([
    ['DEVICE_NOT_FOUND', true],
    ['BadRequest', false],
    ['', false],
  ])('D6: %p is an API error code: %p', (code, expected) => {
    expect(isApiErrorCode(code)).toBe(expected);
  });
});

describe('DomainError', () => {
  it('D6: carries its code, message and details', () => {
    const error = new DomainError('VALIDATION_FAILED', 'hostname is required', [{ field: 'hostname' }]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('hostname is required');
    expect(error.details).toEqual([{ field: 'hostname' }]);
  });

  it("D6: falls back to the code's default message", () => {
    const error = new DomainError('INVALID_ENROLLMENT_KEY');
    expect(error.message).toBe(API_ERROR_MESSAGES.INVALID_ENROLLMENT_KEY);
    expect(error.details).toBeUndefined();
  });
});
