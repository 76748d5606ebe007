import { passwordProblem, passwordProblemMessage } from './password-rules';

const ana = { email: 'ana.garcia@bluethread.example', name: 'Ana García' };

describe('passwordProblem', () => {
  it('needs at least 12 characters, counted as a person counts them', () => {
    expect(passwordProblem('short pass!', ana)).toBe('too_short');
    expect(passwordProblem('eleven-char', ana)).toBe('too_short');
    expect(passwordProblem('twelve chars', ana)).toBeNull();
    // 11 emoji are 22 UTF-16 units but 11 characters.
    expect(passwordProblem('🧵'.repeat(11), ana)).toBe('too_short');
    expect(passwordProblem('🧵🪡🧶✂️ thread reel', ana)).toBeNull();
  });

  it('allows any characters and long pass phrases, up to 256', () => {
    expect(passwordProblem('correct horse battery staple in Sevilla', ana)).toBeNull();
    expect(passwordProblem('ñandú über 東京 straße', ana)).toBeNull();
    expect(passwordProblem('x'.repeat(100) + 'y'.repeat(100) + 'z'.repeat(56), ana)).toBeNull();
    expect(passwordProblem('xyz'.repeat(86), ana)).toBe('too_long');
  });

  it('has no composition rules: lower-case letters only are fine', () => {
    expect(passwordProblem('embroidery machine hums', ana)).toBeNull();
  });

  it('refuses common passwords whatever their case, and one or two repeated characters', () => {
    expect(passwordProblem('password1234', ana)).toBe('too_common');
    expect(passwordProblem('PassWord1234', ana)).toBe('too_common');
    expect(passwordProblem('qwertyuiop123', ana)).toBe('too_common');
    expect(passwordProblem('aaaaaaaaaaaaaaa', ana)).toBe('too_common');
    expect(passwordProblem('abababababab', ana)).toBe('too_common');
  });

  it("refuses the account's own email, its local part or its name", () => {
    expect(passwordProblem('ana.garcia@bluethread.example', ana)).toBe('contains_identity');
    expect(passwordProblem('my ana.garcia password', ana)).toBe('contains_identity');
    expect(passwordProblem('GARCÍA forever 2026', ana)).toBe('contains_identity');
    // A short name part (under 4 characters) is too common a fragment to refuse.
    expect(passwordProblem('banana split sundae', ana)).toBeNull();
  });

  it('explains each problem in words', () => {
    expect(passwordProblemMessage('too_short')).toBe('Use at least 12 characters.');
    expect(passwordProblemMessage('too_common')).toMatch(/too common/);
    expect(passwordProblemMessage('contains_identity')).toBe(
      'The password must not contain your email or name.',
    );
  });
});
