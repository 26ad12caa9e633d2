/** Types of verify-webhook.mjs (the documented Node snippet), for the tests that import it. */
export function verifyDialtoneSignature(secret: string, rawBody: string | Buffer, header: string | string[] | undefined, toleranceSeconds?: number, nowSeconds?: number): boolean;
