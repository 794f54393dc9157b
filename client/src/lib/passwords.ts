// The server's rule for the length of a new password, mirrored so that a
// form can say what is wrong before sending it. The server stays the judge
// (it also refuses common passwords and ones containing the email's name).

/** The fewest characters a new password may have (NIST SP 800-63B-4). */
export const MIN_PASSWORD_LENGTH = 15;

/** What is wrong with the length of a new password, or undefined. */
export function checkNewPasswordLength(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters; a few words make a good password.`;
  }
  return undefined;
}
