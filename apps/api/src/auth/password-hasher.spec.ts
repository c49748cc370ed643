import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing (scrypt, constant-time compare)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
  });

  it('treats Unicode-equivalent passwords alike (NFKC)', async () => {
    const stored = await hashPassword('café password');
    await expect(verifyPassword('cafe\u0301 password', stored)).resolves.toBe(true);
  });

  it.each(['', 'plain', 'scrypt$1$2$3', 'bcrypt$32768$8$1$c2FsdA$aGFzaA', 'scrypt$x$8$1$c2FsdA$aGFzaA'])(
    'never matches a malformed stored hash %j',
    async (stored) => {
      await expect(verifyPassword('anything at all', stored)).resolves.toBe(false);
    },
  );
});
