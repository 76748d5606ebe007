/*
 * Password rules after NIST SP 800-63B §3.1.1.2: long enough, any characters, no composition
 * rules, and not a password attackers try first (common ones, or the account's own email or
 * name). Pure, so the rules are unit-tested on their own.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Common passwords of 12 or more characters (shorter ones fail the length rule anyway), from
 * the most-used lists in breach corpora, compared case-insensitively.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '123123123123',
  '111111111111',
  '000000000000',
  '121212121212',
  '987654321098',
  '098765432112',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1!',
  'passw0rd1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'password123!',
  'mypassword123',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  'qwertyqwerty',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'qazwsxedcrfv',
  '123qweasdzxc',
  'asdfghjkl123',
  'zxcvbnm12345',
  'abcdefghijkl',
  'abcd12345678',
  'abc123456789',
  'aaaaaaaaaaaa',
  'iloveyou1234',
  'iloveyouiloveyou',
  'welcome12345',
  'welcome123456',
  'letmein12345',
  'changeme1234',
  'changeme123456',
  'administrator',
  'administrator1',
  'admin1234567',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'dragondragon',
  'monkeymonkey',
  'trustno1trustno1',
  'superman1234',
  'starwars1234',
  'whatever1234',
  'masterkey123',
  'letmeinplease',
  'correcthorsebatterystaple',
  'thequickbrownfox',
  'qwerty12345678',
  'computer1234',
  'internet1234',
  'michael12345',
  'jennifer1234',
  'summer2024!!',
  'summer2025!!',
  'summer2026!!',
  'winter2025!!',
  'winter2026!!',
  'spring2026!!',
  'autumn2026!!',
  'january2026!',
  'december2026',
  'company12345',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_identity';

/** What is wrong with `password` for this account, or null when it may be used. */
export function passwordProblem(
  password: string,
  identity: { email: string; name: string },
): PasswordProblem | null {
  const length = [...password].length; // code points, so an emoji counts as one
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) return 'too_common';
  const parts = [identity.email.toLowerCase(), identity.email.split('@')[0].toLowerCase()];
  parts.push(...identity.name.toLowerCase().split(/\s+/), identity.name.toLowerCase().trim());
  if (parts.some((part) => part.length >= 4 && lower.includes(part))) return 'contains_identity';
  return null;
}

/** The message a person reads next to the password field. */
export function passwordProblemMessage(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
    case 'too_long':
      return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
    case 'too_common':
      return 'This password is too common: attackers try it first. Choose another.';
    case 'contains_identity':
      return 'The password must not contain your email or name.';
  }
}
