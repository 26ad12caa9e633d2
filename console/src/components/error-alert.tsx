/** An API error shown to the user: the error code and the server's message, announced (`role="alert"`). */
import { ApiError } from '../api/client.ts';

/** Renders nothing without an error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const code = error instanceof ApiError ? error.code : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" class="alert">
      <strong>{code}</strong>: {message}
    </div>
  );
}
