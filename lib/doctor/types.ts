/** One line of the doctor's checklist; a failed line says how to fix it and names the variable to change. */
export interface CheckLine {
  ok: boolean;
  text: string;
  fix?: string;
}

export type Env = Record<string, string | undefined>;

/**
 * How a secret may appear in anything the doctor prints: its last 4
 * characters, and only when it is long enough that they give little away.
 */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `…${secret.slice(-4)}` : `${secret.length} characters`;
}
