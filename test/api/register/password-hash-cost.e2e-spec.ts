import { DEFAULT_SCRYPT_COST, PasswordHasher } from '../../../libs/identity/application/password-hasher';
import { startTestApi, TEST_SCRYPT_COST } from '../../support/api-app';

/**
 * The test APIs hash passwords at TEST_SCRYPT_COST (test/support/api-app.ts); the program itself, with nothing
 * provided for PASSWORD_HASH_COST, at the default. This keeps the test cost from reaching the program unseen.
 */
it('the program hashes at the default scrypt cost; only the test APIs at the test cost', async () => {
  const program = await startTestApi({ defaultPasswordHashCost: true });
  const tests = await startTestApi({ databaseUrl: program.databaseUrl });
  try {
    const password = 'una contraseña de prueba';
    const { ln, r, p } = DEFAULT_SCRYPT_COST;
    const stored = await program.app.get(PasswordHasher).hash(password);
    expect(stored).toMatch(new RegExp(`^\\$scrypt\\$ln=${ln},r=${r},p=${p}\\$`));
    const cheap = await tests.app.get(PasswordHasher).hash(password);
    expect(cheap).toMatch(
      new RegExp(`^\\$scrypt\\$ln=${TEST_SCRYPT_COST.ln},r=${TEST_SCRYPT_COST.r},p=${TEST_SCRYPT_COST.p}\\$`),
    );
    // Either verifies the other's hash (each hash carries its cost); the program would rehash the cheap one.
    expect(await program.app.get(PasswordHasher).verify(password, cheap)).toBe(true);
    expect(program.app.get(PasswordHasher).needsRehash(cheap)).toBe(true);
  } finally {
    await tests.close();
    await program.close();
  }
});
